using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.Audit.Retention;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Audit.Log;

/// <summary>
/// How long the oldest fact not yet in the log has waited, read from the event store and the daemon's progress in
/// PostgreSQL (so every replica reports the same). While the projection cannot advance, it grows: the
/// <c>sikkerkey.audit.backlog</c> gauge shows it, and past <c>SikkerKey:Audit:MaxBacklogAge</c> (a minute) the
/// service's <c>/health/ready</c>, and with it the gateway's, turns unhealthy so an operator is told.
/// </summary>
public sealed class ProjectionBacklog : IHealthCheck
{
    private static readonly string Query = $"""
        SELECT coalesce(extract(epoch FROM now() - min(e.timestamp)), 0)::float8 FROM {AuditExtensions.Schema}.mt_events e
        WHERE e.seq_id > coalesce((SELECT last_seq_id FROM {AuditExtensions.Schema}.mt_event_progression WHERE name = '{AuditLogProjection.Name}:All'), 0)
        """;

    private readonly NpgsqlDataSource database;
    private readonly IOptions<AuditOptions> options;

    public ProjectionBacklog(NpgsqlDataSource database, IOptions<AuditOptions> options)
    {
        this.database = database;
        this.options = options;
        SikkerKeyTelemetry.Meter.CreateObservableGauge("sikkerkey.audit.backlog", ObserveSeconds, unit: "s",
            description: "Age of the oldest fact not yet in the audit log (0 when the log is up to date)");
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(Query);
        var seconds = (double)(await command.ExecuteScalarAsync(cancellationToken))!;
        return seconds <= options.Value.MaxBacklogAge.TotalSeconds
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the audit log is {seconds:F0} s behind its facts");
    }

    private IEnumerable<Measurement<double>> ObserveSeconds()
    {
        double seconds;
        try
        {
            using var command = database.CreateCommand(Query);
            seconds = (double)command.ExecuteScalar()!;
        }
        catch (NpgsqlException)
        {
            yield break;
        }
        yield return new Measurement<double>(seconds);
    }
}
