using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.Identity.Machines.Authenticating;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Identity.Machines;

/// <summary>
/// <c>sikkerkey.machines</c> by status and <c>sikkerkey.lockouts.active</c>, read from PostgreSQL at each scrape so
/// every replica reports the same numbers. Lockouts rising means someone is guessing or a revoked fleet still calls.
/// </summary>
public sealed class FleetMetrics : IObservedMetrics
{
    private const string MachinesSql = $"""
        SELECT data->>'Status', count(*)::int8 FROM {IdentityExtensions.Schema}.mt_doc_machine GROUP BY 1
        """;

    private const string LockoutsSql = $"""
        SELECT count(*)::int8 FROM {IdentityExtensions.Schema}.auth_lockouts WHERE failures >= @limit AND window_ends_at > now()
        """;

    private readonly NpgsqlDataSource database;
    private readonly IOptions<AuthLockoutOptions> lockouts;

    public FleetMetrics(NpgsqlDataSource database, IOptions<AuthLockoutOptions> lockouts)
    {
        this.database = database;
        this.lockouts = lockouts;
        SikkerKeyTelemetry.Meter.CreateObservableGauge("sikkerkey.machines", Machines, description: "Machines by status");
        SikkerKeyTelemetry.Meter.CreateObservableGauge("sikkerkey.lockouts.active", Lockouts,
            description: "Subjects (a machine from an address, or an address) locked out after refused signed requests");
    }

    private IEnumerable<Measurement<long>> Machines()
    {
        var measurements = new List<Measurement<long>>();
        try
        {
            using var command = database.CreateCommand(MachinesSql);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                measurements.Add(new Measurement<long>(reader.GetInt64(1), SikkerKeyMetrics.Label("status", reader.IsDBNull(0) ? "unknown" : reader.GetString(0))));
        }
        catch (NpgsqlException)
        {
            return [];
        }
        return measurements;
    }

    private IEnumerable<Measurement<long>> Lockouts()
    {
        try
        {
            using var command = database.CreateCommand(LockoutsSql);
            command.Parameters.AddWithValue("limit", lockouts.Value.Failures);
            return [new Measurement<long>((long)command.ExecuteScalar()!)];
        }
        catch (NpgsqlException)
        {
            return [];
        }
    }
}
