using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// <c>GET /metrics</c> in Prometheus text format for a scrape that presents <c>Authorization: Bearer &lt;token&gt;</c>.
/// Answered before routing, access log and authentication: it is no API route, a scrape every 15 s would drown the
/// access log, and services' principal checks have no say over an operator's scraper.
/// </summary>
public static class MetricsEndpointExtensions
{
    public const string Path = "/metrics";

    /// <summary>
    /// <c>/metrics</c> only on a management port of its own, bound on the same host as the public URL but never
    /// reachable through it: <c>SikkerKey:Metrics:Port</c> for any process (so a NetworkPolicy can admit a scraper
    /// to that port alone), else <paramref name="defaultPort"/> (the gateway's <c>SIKKERKEY_METRICS_PORT</c> or
    /// 9464); with neither, the process's own port. The first call decides; later ones change nothing.
    /// </summary>
    public static WebApplicationBuilder ServeMetricsOnManagementPort(this WebApplicationBuilder builder, int? defaultPort = null)
    {
        var properties = ((IHostApplicationBuilder)builder).Properties;
        if (properties.ContainsKey(typeof(MetricsOptions)))
            return builder;
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        var port = options.Port ?? defaultPort;
        if (port is null)
            return builder;
        properties[typeof(MetricsOptions)] = port;
        builder.Services.Configure<MetricsOptions>(o => o.ManagementPort = port);
        if (options.ResolveToken() is null)
            return builder;
        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var publicUrl = new Uri(urls[0].Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        builder.WebHost.UseUrls([.. urls, $"http://{publicUrl.Host}:{port}"]);
        return builder;
    }

    internal static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        var port = options.ManagementPort;
        // Else the dashboard's fallback would answer the public port's /metrics with its index.html.
        if (port is not null)
            app.UseWhen(context => context.Request.Path == Path && context.Connection.LocalPort != port, other => other.Run(context =>
                ApiErrors.NotFound("no such route").ExecuteAsync(context)));
        var token = options.ResolveToken();
        if (token is null)
        {
            app.Logger.LogWarning("No /metrics: neither SikkerKey:Metrics:Token nor SikkerKey:Metrics:TokenFile is configured");
            return app;
        }
        if (token.Length < MetricsOptions.MinTokenLength)
            throw new InvalidOperationException($"the metrics token must be at least {MetricsOptions.MinTokenLength} characters");

        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        ReadinessGauge.Observe(app.Services);
        _ = app.Services.GetServices<IObservedMetrics>().ToList();
        app.UseWhen(context => context.Request.Path == Path && (port is null || context.Connection.LocalPort == port), scrape =>
        {
            scrape.Use((context, next) =>
            {
                var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
                if (CryptographicOperations.FixedTimeEquals(presented, expected))
                    return next(context);
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return ApiErrors.Status(StatusCodes.Status401Unauthorized, "a metrics scrape needs Authorization: Bearer <the metrics token>")
                    .ExecuteAsync(context);
            });
            scrape.UseOpenTelemetryPrometheusScrapingEndpoint(_ => true);
        });
        // On the management port nothing else is served.
        if (port is not null)
            app.UseWhen(context => context.Connection.LocalPort == port, other => other.Run(context =>
                ApiErrors.NotFound("the management port serves only /metrics").ExecuteAsync(context)));
        return app;
    }
}
