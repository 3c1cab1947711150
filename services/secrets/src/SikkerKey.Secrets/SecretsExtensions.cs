using JasperFx.Events.Projections;
using Marten;
using SikkerKey.Secrets.Encryption;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.MachinePlane;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Purging;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets;

public static class SecretsExtensions
{
    public const string Schema = "secrets";

    public static IHostApplicationBuilder AddSecretsService(this IHostApplicationBuilder builder)
    {
        builder.AddEventBackbone(Schema, ConfigureStore, bus => bus.AddConsumer<MachineEventConsumers>());
        builder.AddFactOutbox(Schema);
        builder.AddPrincipalAuthentication();

        builder.Services.AddRootKey();
        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddSingleton<SecretValues>();
        builder.Services.AddSingleton<IntegrityFailures>();
        builder.Services.AddHostedService<LegacyMaterialUpgrade>();
        builder.Services.AddSingleton<TrashPurger>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TrashPurger>());
        builder.Services.AddScoped<MachineReads>();
        builder.Services.AddSingleton<WatchedSecrets>();
        builder.Services.AddSingleton<SingleRead>();
        builder.Services.AddSingleton<GrantedListing>();
        builder.Services.AddSingleton<GrantedMaterial>();
        builder.Services.AddHostedService<PollStateUpgrade>();
        builder.Services.AddHostedService<PollGenerationTriggers>();
        builder.Services.AddSingleton<PollAnswers>();
        builder.Services.AddSingleton<RenderedListings>();
        builder.Services.AddHostedService<SecretListStatistics>();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    /// <summary>The secrets store's shape, shared with the rewrap-root-key command and with tests that run the purger in-process.</summary>
    public static void ConfigureStore(StoreOptions store)
    {
        // One commit is one round trip while it holds fewer operations than this (Marten's default is 500): an export
        // of a thousand secrets stages a read fact for each, and must not cost a round trip per 500 of them (issue 22).
        store.UpdateBatchSize = 5_000;
        store.Projections.Add<ProjectProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<SecretProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<Project>().Index(p => p.VaultId);
        store.Schema.For<ProjectName>();
        store.Schema.For<ProjectKey>();
        store.Schema.For<Secret>().Index(s => s.ProjectId).Index(s => s.DeletedAt).Index([s => s.ProjectId, s => s.Name]);
        // By secret: a new version swaps its field claims, and the purge releases them all.
        store.Schema.For<SecretName>().Index(n => n.SecretId);
        store.Schema.For<SecretMaterial>();
        store.Schema.For<Grant>().Index(g => g.MachineId).Index(g => g.SecretId);
        store.Schema.For<MachineRef>().Index(m => m.OwnerId);
        store.Storage.ExtendedSchemaObjects.Add(PollBaselines.Definition());
        store.Storage.ExtendedSchemaObjects.AddRange(PollAnswers.Definitions());
    }

    /// <summary>A store on the secrets schema with neither the async daemon nor the bus: for offline commands and tests.</summary>
    public static DocumentStore OpenStore(string connectionString) => DocumentStore.For(store =>
    {
        store.Connection(connectionString);
        EventBackboneExtensions.ConfigureStore(store, Schema);
        ConfigureStore(store);
    });

    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder endpoints)
    {
        // Exported at 0 from the start: Prometheus' increase() cannot see a counter's first failure if the series
        // only appears with it, and the integrity alert must fire on the very first one.
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(IntegrityFailures.ExportZeroes);
        var projects = endpoints.MapGroup("/api/projects").RequireAuthorization(Policies.TeamMember);
        projects.MapGet("", ListProjectsEndpoint.Handle);
        projects.MapGet("/{projectId}", GetProjectEndpoint.Handle);
        projects.MapPost("", CreateProjectEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);
        projects.MapPatch("/{projectId}", RenameProjectEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);
        projects.MapDelete("/{projectId}", DeleteProjectEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);
        projects.MapPost("/{projectId}/secrets", ManageSecretEndpoints.Create);
        projects.MapGet("/{projectId}/secrets", SecretLifecycle.ListInProject);

        // Every signed-in user of the vault reaches the reveal, auditors included: a refusal by the TeamMember gate would
        // answer 403 before the handler, so an auditor's attempt to read a value left no secret_read_denied behind.
        endpoints.MapGet("/api/secrets/{secretId}", ManageSecretEndpoints.Get).RequireAuthorization(Policies.User);
        var secrets = endpoints.MapGroup("/api/secrets").RequireAuthorization(Policies.TeamMember);
        secrets.MapPut("/{secretId}", ManageSecretEndpoints.Update);
        secrets.MapDelete("/{secretId}", SecretLifecycle.Delete);
        secrets.MapPost("/{secretId}/restore", SecretLifecycle.Restore);
        secrets.MapGet("/{secretId}/versions", SecretVersions.Get);
        secrets.MapPost("/{secretId}/rollback", SecretVersions.Rollback);
        secrets.MapGet("/{secretId}/grants", GrantEndpoints.List);
        secrets.MapPut("/{secretId}/grants/{machineId:guid}", GrantEndpoints.Add).RequireAuthorization(Policies.VaultAdmin);
        secrets.MapDelete("/{secretId}/grants/{machineId:guid}", GrantEndpoints.Remove).RequireAuthorization(Policies.VaultAdmin);

        var v1 = endpoints.MapGroup("/v1").RequireAuthorization(Policies.Machine);
        v1.MapGet("/secret/{secretId}", V1Endpoints.GetSecret);
        v1.MapGet("/secrets", V1Endpoints.ListAll);
        v1.MapPost("/secrets/list", V1Endpoints.ListInProject);
        v1.MapPost("/secrets/export", V1Endpoints.Export);
        v1.MapPost("/secrets/poll", PollEndpoint.Handle);
        v1.MapGet("/cli/secrets", V1CliEndpoints.Secrets);
        v1.MapGet("/cli/projects", V1CliEndpoints.Projects);
        v1.MapPost("/verify-access", V1CliEndpoints.VerifyAccess);

        endpoints.MapGet("/internal/projects/{projectId}", GetProjectEndpoint.Handle).RequireAuthorization();
        endpoints.MapPost("/internal/grants", GrantEndpoints.Provision).RequireAuthorization(Policies.User);
        return endpoints;
    }
}
