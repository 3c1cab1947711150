using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SikkerKey.ServiceDefaults.Health;

/// <summary>
/// <c>/health/live</c> says the process serves HTTP; <c>/health/ready</c> runs every check tagged
/// <see cref="ReadyTag"/> (PostgreSQL, the MassTransit bus, and for the gateway every service behind it).
/// </summary>
public static class HealthEndpointExtensions
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        var readiness = ActivatorUtilities.CreateInstance<ReadinessLog>(endpoints.ServiceProvider);
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = (context, report) =>
            {
                readiness.Observe(report);
                return WriteAsync(context, report);
            },
        });
        return endpoints;
    }

    // Names and statuses only: exception messages can carry connection details.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return context.Response.WriteAsJsonAsync(body, JsonSerializerOptions.Web);
    }
}
