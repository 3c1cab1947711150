using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets;

public static class SecretsExtensions
{
    public const string Schema = "secrets";

    public static IHostApplicationBuilder AddSecretsService(this IHostApplicationBuilder builder) =>
        builder.AddEventBackbone(Schema);

    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
