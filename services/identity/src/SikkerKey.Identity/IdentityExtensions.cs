using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Identity;

public static class IdentityExtensions
{
    public const string Schema = "identity";

    public static IHostApplicationBuilder AddIdentityService(this IHostApplicationBuilder builder) =>
        builder.AddEventBackbone(Schema);

    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
