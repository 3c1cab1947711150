using JasperFx.Events.Projections;
using Marten.Schema;
using MassTransit;
using SikkerKey.Audit.Checkpointing;
using SikkerKey.Audit.Keys;
using SikkerKey.Audit.Log;
using SikkerKey.Audit.Querying;
using SikkerKey.Audit.Recording;
using SikkerKey.Audit.Retention;
using SikkerKey.Audit.Verifying;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.ServiceDefaults.Health;

namespace SikkerKey.Audit;

public static class AuditExtensions
{
    public const string Schema = "audit";

    public static IHostApplicationBuilder AddAuditService(this IHostApplicationBuilder builder)
    {
        // Read before the store is configured: the projection seals every entry with it. No key, no start.
        var key = AuditKey.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(key);
        builder.AddEventBackbone(Schema, store =>
        {
            store.Events.AddEventType<FactRecorded>();
            store.Projections.Add(new AuditLogProjection(key), ProjectionLifecycle.Async, AuditLogProjection.Name);
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
            store.Schema.For<ChainCheckpoint>().Duplicate(c => c.Chain).Duplicate(c => c.Position);
            store.Schema.For<SignedHead>();
        }, bus => bus.AddConsumer<IntegrationEventRecorder>((_, consumer) => consumer.Options<BatchOptions>(batch => batch
            .SetMessageLimit(IntegrationEventRecorder.MessageLimit).SetTimeLimit(IntegrationEventRecorder.TimeLimit)))
            // A batch can only be as large as what the broker lets the endpoint hold unacknowledged.
            .Endpoint(endpoint => endpoint.PrefetchCount = 2 * IntegrationEventRecorder.MessageLimit),
            // The recorder keeps its processed-message markers itself, in each batch's one commit.
            idempotencyFilter: false);
        builder.AddPrincipalAuthentication();

        builder.Services.AddOptions<AuditOptions>().BindConfiguration("SikkerKey:Audit").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ChainVerifier>();
        builder.Services.AddSingleton<InstanceAdmins>();
        builder.Services.AddSingleton<ProjectionBacklog>();
        builder.Services.AddHealthChecks().AddCheck<ProjectionBacklog>("audit-backlog", tags: [HealthEndpointExtensions.ReadyTag]);
        builder.Services.AddHostedService<RetentionSweeper>();
        builder.Services.AddHostedService<CheckpointSigner>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        // Created now rather than at the first health check, so its gauge reports from the start.
        endpoints.ServiceProvider.GetRequiredService<ProjectionBacklog>();
        var audit = endpoints.MapGroup("/api/audit");
        audit.MapGet("", ListAuditEndpoint.Handle).RequireAuthorization(Policies.AuditReader);
        audit.MapGet("/export", ExportAuditEndpoint.Handle).RequireAuthorization(Policies.AuditReader);
        audit.MapGet("/verify", VerifyAuditEndpoint.Handle).RequireAuthorization(Policies.AuditReader);
        audit.MapGet("/public-key", PublicKeyEndpoint.Handle).RequireAuthorization(Policies.User);
        return endpoints;
    }
}
