using JasperFx.Events.Projections;
using Marten;
using SikkerKey.Provisioning.Downloading;
using SikkerKey.Provisioning.Expiring;
using SikkerKey.Provisioning.Provisioning;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Provisioning;

public static class ProvisioningExtensions
{
    public const string Schema = "provisioning";

    public static IHostApplicationBuilder AddProvisioningService(this IHostApplicationBuilder builder)
    {
        builder.AddEventBackbone(Schema, ConfigureStore);
        builder.AddPrincipalAuthentication();
        builder.Services.AddOptions<ProvisioningOptions>().BindConfiguration("SikkerKey").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<SealedBundlePurge>();
        builder.Services.AddSingleton<ExpirySweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ExpirySweeper>());
        return builder;
    }

    /// <summary>The provisioning store's shape, shared with tests that run the sweeper in-process.</summary>
    public static void ConfigureStore(StoreOptions store)
    {
        store.Projections.Add<ContainerProvisioningProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<ContainerProvisioning>().Index(p => p.ExpiresAt);
    }

    public static IEndpointRouteBuilder MapProvisioningApi(this IEndpointRouteBuilder endpoints)
    {
        var docker = endpoints.MapGroup("/api/integrations/docker/containers");
        docker.MapPost("", ProvisionContainerEndpoint.Handle).RequireAuthorization(Policies.TeamMember);
        // Any signed-in user reaches the download so that every refusal, an auditor's included, is decided by
        // ProvisioningRules and audited as bundle_download_refused; a role check in front would refuse unrecorded.
        docker.MapGet("/{provisioningId:guid}/bundle", DownloadBundleEndpoint.Handle).RequireAuthorization(Policies.User);
        return endpoints;
    }
}
