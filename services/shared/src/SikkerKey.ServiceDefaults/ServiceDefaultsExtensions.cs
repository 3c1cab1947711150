using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
        // Every unhealthy probe is an error line from this category; ReadinessLog says each change once instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.None);
        // Marten logs every failed command here with each parameter's value (documents and events as written: wrapped
        // keys, sealed values, hashes) and a stack, as an error, even when the failure is expected: the loser of two
        // concurrent writes to a stream is refused by a unique key, and our code turns that into a retry or a 409. The
        // exception still reaches the code that ran the command, which logs what matters (a 500 with its stack, a 503).
        builder.Logging.AddFilter("Marten.IDocumentStore", LogLevel.None);
        builder.AddSikkerKeyTelemetry();
        if (builder is WebApplicationBuilder web)
            web.ServeMetricsOnManagementPort();
        builder.Services.AddHealthChecks();
        builder.Services.AddJsonErrors();
        // The web defaults read "1" as 1: a number sent as a string is a client's mistake, answered 400 like any other
        // field of the wrong type, not silently accepted.
        // A name given twice ({"value":"a","value":"b"}) is refused too: were any reader to take the first and another the
        // last, they would act on different requests (outside tester, session 19).
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Names the server software to anyone probing for a version with known holes; clients need nothing from it.
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KestrelRejections.DecodeHeadersForRefusal(kestrel);
        });
        return builder;
    }

    /// <summary>
    /// Call first in the pipeline, so errors from everything after it are JSON too. Only the edge reads
    /// <c>X-Forwarded-For</c> (from configured trusted proxies); services learn the client address from the
    /// gateway's signed principal.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, bool behindGateway = true)
    {
        app.UseMetricsEndpoint();
        if (!behindGateway)
            app.UseEdgeForwardedHeaders();
        app.UseMiddleware<AccessLogMiddleware>();
        app.UseJsonErrors();
        // The gateway places it after its security headers, so its refusals carry them too.
        if (behindGateway)
            app.UseMalformedRequestRefusal();
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

    /// <summary>Health everywhere; the route table where principals are verified (services, not the gateway).</summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthEndpoints();
        if (endpoints.ServiceProvider.GetService<IAuthenticationSchemeProvider>() is not null)
            endpoints.MapRouteTable();
        return endpoints;
    }

    /// <summary>
    /// Runs until stopped. A configuration its validators refuse ends the process with exit code 2 and one critical
    /// line naming every problem, before the host starts: the host's own "Hosting failed to start" line carries a
    /// stack trace that buries the cause (a key file that was removed, a setting that is missing).
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            app.Logger.LogCritical("Not starting: the configuration is invalid: {Problems}", string.Join("; ", ex.Failures));
            // Flushes the console logger's queue, so the line is written before the process exits.
            await app.DisposeAsync();
            return 2;
        }
        await app.RunAsync();
        return 0;
    }
}
