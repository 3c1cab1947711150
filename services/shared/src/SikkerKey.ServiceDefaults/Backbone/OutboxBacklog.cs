using System.Diagnostics.Metrics;
using Npgsql;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// <c>sikkerkey.outbox.depth</c> and <c>sikkerkey.outbox.age</c>: facts this service committed that the
/// <see cref="IntegrationEventForwarder"/> or the <see cref="FactOutboxForwarder"/> has not yet handed to RabbitMQ, and how long the oldest has waited.
/// Growing age means other services (and the audit log) stop hearing from this one: a broker down, or the daemon stuck.
/// </summary>
public sealed class OutboxBacklog : IObservedMetrics
{
    // Counting stops at a bound: a stuck forwarder must not turn every scrape into a scan of the whole event table.
    private const int CountLimit = 100_000;

    private readonly NpgsqlDataSource database;
    private readonly string query;

    public OutboxBacklog(NpgsqlDataSource database, string schema)
    {
        this.database = database;
        query = $"""
            WITH pending AS (
                (SELECT e.timestamp FROM {schema}.mt_events e
                WHERE e.seq_id > coalesce((SELECT last_seq_id FROM {schema}.mt_event_progression WHERE name = '{IntegrationEventForwarder.SubscriptionName}:All'), 0)
                ORDER BY e.seq_id LIMIT {CountLimit})
                UNION ALL
                (SELECT f.created_at FROM {schema}.{FactOutbox.Table} f ORDER BY f.seq LIMIT {CountLimit}))
            SELECT count(*)::int8, coalesce(extract(epoch FROM now() - min(timestamp)), 0)::float8 FROM pending
            """;
        SikkerKeyTelemetry.Meter.CreateObservableGauge("sikkerkey.outbox.depth", () => Read().Select(r => new Measurement<long>(r.Depth)),
            description: "Committed facts not yet published to RabbitMQ");
        SikkerKeyTelemetry.Meter.CreateObservableGauge("sikkerkey.outbox.age", () => Read().Select(r => new Measurement<double>(r.AgeSeconds)),
            unit: "s", description: "Age of the oldest committed fact not yet published to RabbitMQ (0 when none)");
    }

    private IEnumerable<(long Depth, double AgeSeconds)> Read()
    {
        try
        {
            using var command = database.CreateCommand(query);
            using var reader = command.ExecuteReader();
            reader.Read();
            return [(reader.GetInt64(0), reader.GetDouble(1))];
        }
        catch (NpgsqlException)
        {
            // No value rather than a wrong one: the process's sikkerkey_ready says the database is gone.
            return [];
        }
    }
}
