using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Forwarding;
using SikkerKey.ServiceDefaults.Health;
using SikkerKey.ServiceDefaults.Logging;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.ServiceDefaults;

/// <summary>What every SikkerKey process shares: telemetry, health, JSON errors, access log, the real client IP.</summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.AddSikkerKeyTelemetry();
        builder.Services.AddHealthChecks();
        builder.Services.AddJsonErrors();
        builder.AddTrustedProxies();
        return builder;
    }

    /// <summary>
    /// Call first in the pipeline, so errors from everything after it are JSON too. Services behind the
    /// gateway trust its <c>X-Forwarded-For</c>; the gateway itself is the edge and trusts none.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, bool behindGateway = true)
    {
        if (behindGateway)
            app.UseForwardedHeaders();
        app.UseMiddleware<AccessLogMiddleware>();
        app.UseJsonErrors();
        // Explicit, so that routing runs inside the JSON error handler rather than before it; which
        // means authentication and authorization must be placed after it by hand too.
        app.UseRouting();
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        return app;
    }

    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthEndpoints();
}
