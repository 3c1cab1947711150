using Npgsql;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// Baselines written before issue 22 were Marten documents (<c>mt_doc_pollstate</c>, id <c>machineId/secretId</c>).
/// At start they are copied into <see cref="PollBaselines"/> once and the old table dropped, so a watching client
/// neither misses a change nor sees a false one across the upgrade. Replicas starting together take turns on an
/// advisory lock; after the first, there is nothing left to copy.
/// </summary>
public sealed class PollStateUpgrade(NpgsqlDataSource database) : IHostedService
{
    private static readonly string Sql = $"""
        DO $$
        BEGIN
            PERFORM pg_advisory_xact_lock({EventBackboneExtensions.LockIdFor("poll-state-upgrade:" + SecretsExtensions.Schema)});
            IF to_regclass('{SecretsExtensions.Schema}.mt_doc_pollstate') IS NOT NULL THEN
                INSERT INTO {PollBaselines.TableName} (machine_id, secret_id, version)
                SELECT split_part(id, '/', 1)::uuid, split_part(id, '/', 2), (data->>'Version')::int
                FROM {SecretsExtensions.Schema}.mt_doc_pollstate
                ON CONFLICT (machine_id, secret_id) DO NOTHING;
                DROP TABLE {SecretsExtensions.Schema}.mt_doc_pollstate;
            END IF;
        END $$
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(Sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
