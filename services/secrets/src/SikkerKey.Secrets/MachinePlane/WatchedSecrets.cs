using Marten;
using Npgsql;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>What a poll needs to know of one watched id. <see cref="VaultId"/> is null when no such secret exists.</summary>
public sealed record WatchedSecret(string Id, string? VaultId, string? ProjectId, int CurrentVersion, bool IsDeleted, bool IsGranted, int? Baseline);

/// <summary>
/// Reads every watched id's secret, grant and baseline in one statement (issue 22: a poll of 400 ids used to cost
/// three round trips per id). The documents' tables are Marten's, named by the store; their JSON uses the property
/// names as declared (the store's default casing).
/// </summary>
public sealed class WatchedSecrets(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly Lazy<string> sql = new(() => $"""
        SELECT w.id, s.data->>'VaultId', s.data->>'ProjectId', coalesce((s.data->>'CurrentVersion')::int, 0),
               s.data->>'DeletedAt' IS NOT NULL, g.id IS NOT NULL, b.version
        FROM unnest(@ids) WITH ORDINALITY AS w(id, position)
        LEFT JOIN {store.TableOf<Secret>()} s ON s.id = w.id
        LEFT JOIN {store.TableOf<Grant>()} g ON g.id = @grant_prefix || w.id
        LEFT JOIN {PollBaselines.TableName} b ON b.machine_id = @machine AND b.secret_id = w.id
        ORDER BY w.position
        """);

    public async Task<IReadOnlyList<WatchedSecret>> ReadAsync(Guid machineId, IReadOnlyList<string> secretIds, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql.Value);
        command.Parameters.AddWithValue("ids", secretIds.ToArray());
        command.Parameters.AddWithValue("grant_prefix", Grant.KeyFor(machineId, ""));
        command.Parameters.AddWithValue("machine", machineId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var watched = new List<WatchedSecret>(secretIds.Count);
        while (await reader.ReadAsync(cancellationToken))
            watched.Add(new WatchedSecret(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetInt32(6)));
        return watched;
    }
}
