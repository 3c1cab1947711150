using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SikkerKey.ServiceDefaults.Health;

namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// <c>sikkerkey.ready</c>: 1 while this process's <c>/health/ready</c> checks pass, 0 otherwise, evaluated at each
/// scrape. Prometheus's own <c>up</c> says the process answers; this says it can serve (database, bus, services).
/// </summary>
internal static class ReadinessGauge
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static void Observe(IServiceProvider services)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        SikkerKeyTelemetry.Meter.CreateObservableGauge("sikkerkey.ready", () => Ready(health),
            description: "1 when the process's readiness checks pass, else 0");
    }

    private static int Ready(HealthCheckService health)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            // A scrape is answered on a thread-pool thread with no synchronisation context, so waiting here cannot deadlock.
            var report = health.CheckHealthAsync(check => check.Tags.Contains(HealthEndpointExtensions.ReadyTag), timeout.Token)
                .GetAwaiter().GetResult();
            return report.Status == HealthStatus.Healthy ? 1 : 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }
}
