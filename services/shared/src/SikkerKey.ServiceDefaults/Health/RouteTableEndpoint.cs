using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.ServiceDefaults.Health;

/// <summary>
/// <c>GET /internal/routes</c> (service principals only; the gateway never routes <c>/internal</c>): every route this
/// process serves, as method and pattern. The authorization matrix test reads it, so a new endpoint without rows in
/// the matrix fails the build instead of shipping unchecked.
/// </summary>
public static class RouteTableEndpoint
{
    public sealed record Route(string Method, string Pattern);

    public static IEndpointRouteBuilder MapRouteTable(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/internal/routes", (EndpointDataSource source) => source.Endpoints.OfType<RouteEndpoint>()
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new Route(m, "/" + e.RoutePattern.RawText?.TrimStart('/'))))
                .Distinct().OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList())
            .RequireAuthorization(Policies.Service);
        return endpoints;
    }
}
