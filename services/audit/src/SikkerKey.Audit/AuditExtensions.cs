using JasperFx.Events.Projections;
using Marten.Schema;
using SikkerKey.Audit.Log;
using SikkerKey.Audit.Querying;
using SikkerKey.Audit.Recording;
using SikkerKey.Audit.Retention;
using SikkerKey.Audit.Verifying;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Audit;

public static class AuditExtensions
{
    public const string Schema = "audit";

    public static IHostApplicationBuilder AddAuditService(this IHostApplicationBuilder builder)
    {
        builder.AddEventBackbone(Schema, store =>
        {
            store.Events.AddEventType<FactRecorded>();
            store.Projections.Add(new AuditLogProjection(), ProjectionLifecycle.Async, AuditLogProjection.Name);
            store.Projections.AsyncListeners.Add(new AuditLag(TimeProvider.System));
            store.Schema.For<AuditEntry>()
                .Duplicate(e => e.VaultId).Duplicate(e => e.OccurredAt).Duplicate(e => e.Position)
                // One link per position: two writers of a chain would collide here rather than fork it.
                .UniqueIndex(UniqueIndexType.DuplicatedField, "mt_doc_auditentry_uidx_chain", e => e.VaultId, e => e.Position)
                // Unique because the chain index is; declared for the list's order, newest first within a vault.
                .UniqueIndex(UniqueIndexType.DuplicatedField, "mt_doc_auditentry_uidx_newest", e => e.VaultId, e => e.OccurredAt, e => e.Position)
                .Index(e => e.MachineId).Index(e => e.SecretId).Index(e => e.ActorId);
            store.Schema.For<ChainHead>();
            store.Schema.For<ChainAnchor>();
        }, bus => bus.AddConsumer<IntegrationEventRecorder>());
        builder.AddPrincipalAuthentication();

        builder.Services.AddOptions<AuditOptions>().BindConfiguration("SikkerKey:Audit").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ChainVerifier>();
        builder.Services.AddHostedService<RetentionSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        var audit = endpoints.MapGroup("/api/audit").RequireAuthorization(Policies.AuditReader);
        audit.MapGet("", ListAuditEndpoint.Handle);
        audit.MapGet("/export", ExportAuditEndpoint.Handle);
        audit.MapGet("/verify", VerifyAuditEndpoint.Handle);
        return endpoints;
    }
}
