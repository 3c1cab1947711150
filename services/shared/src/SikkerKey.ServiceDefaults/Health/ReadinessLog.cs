using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace SikkerKey.ServiceDefaults.Health;

/// <summary>
/// One log line when readiness changes, instead of the health check service's <c>fail:</c> line on every probe
/// (that one is filtered out in <see cref="ServiceDefaultsExtensions"/>): the gateway probes each service every few
/// seconds, so a start-up or a short outage would otherwise write dozens of error lines, and operators alert on
/// <c>fail:</c>. Not ready before the first ready is start-up (information); after it, a warning naming the checks.
/// Per process on purpose: it is that process's log.
/// </summary>
internal sealed class ReadinessLog(ILogger<ReadinessLog> logger)
{
    private readonly Lock gate = new();
    private HealthStatus? last;
    private bool wasReady;

    public void Observe(HealthReport report)
    {
        var ready = report.Status == HealthStatus.Healthy;
        lock (gate)
        {
            if (last == report.Status)
                return;
            last = report.Status;
            if (ready)
            {
                if (wasReady)
                    logger.LogInformation("Ready again");
                else
                    logger.LogInformation("Ready");
                wasReady = true;
                return;
            }
        }
        var failing = string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Status.ToString()}"));
        if (wasReady)
            logger.LogWarning("Not ready: {Checks}", failing);
        else
            logger.LogInformation("Starting, not ready yet: {Checks}", failing);
    }
}
