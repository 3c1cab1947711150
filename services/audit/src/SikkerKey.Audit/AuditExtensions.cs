using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Audit;

public static class AuditExtensions
{
    public const string Schema = "audit";

    public static IHostApplicationBuilder AddAuditService(this IHostApplicationBuilder builder) =>
        builder.AddEventBackbone(Schema);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
