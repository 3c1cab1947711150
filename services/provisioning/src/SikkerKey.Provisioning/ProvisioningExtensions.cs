using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Provisioning;

public static class ProvisioningExtensions
{
    public const string Schema = "provisioning";

    public static IHostApplicationBuilder AddProvisioningService(this IHostApplicationBuilder builder) =>
        builder.AddEventBackbone(Schema);

    public static IEndpointRouteBuilder MapProvisioningApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
