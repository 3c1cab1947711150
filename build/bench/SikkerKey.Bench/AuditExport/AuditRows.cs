using Npgsql;

namespace SikkerKey.Bench.AuditExport;

/// <summary>
/// Entries put straight into the audit projection's table for the owner's vault, shaped as the projection writes them.
/// They take positions below 1 (−1, −2, …): the projection keeps appending real facts at the chain head from 1 up,
/// so neither can collide with the other, and the export — in position order — streams them all. Their hashes do not
/// chain (verify would report them): the bench measures the export, not verification.
/// </summary>
internal static class AuditRows
{
    private const string Insert = """
        INSERT INTO audit.mt_doc_auditentry (id, data, mt_dotnet_type, vault_id, occurred_at, position)
        SELECT id, jsonb_build_object(
                   'Id', id, 'VaultId', @vault, 'Position', -n, 'OccurredAt', at, 'Action', 'secret_read', 'Severity', 'info',
                   'ActorKind', 'machine', 'ActorId', @machine, 'MachineId', @machine, 'SecretId', @secret, 'ProjectId', @project,
                   'SourceIp', '203.0.113.7', 'Detail', 'bench entry ' || n, 'Hash', md5(n::text) || md5(n::text),
                   'PreviousHash', md5((n + 1)::text) || md5((n + 1)::text), 'Seal', null),
               'SikkerKey.Audit.Log.AuditEntry', @vault, at, -n
        FROM (SELECT n, gen_random_uuid() AS id, now() - interval '30 days' + n * interval '1 ms' AS at
              FROM generate_series(@from::bigint + 1, @to::bigint) AS n) AS rows
        """;

    public static async Task AddAsync(BenchSystem bench, int already, int count)
    {
        if (count <= 0)
            return;
        await using var connection = await bench.OpenDatabaseAsync();
        // In slices, so one statement never holds a whole million rows' WAL in one go.
        for (var from = already; from < already + count; from += 100_000)
        {
            await using var command = new NpgsqlCommand(Insert, connection) { CommandTimeout = 600 };
            command.Parameters.AddWithValue("vault", bench.Owner.VaultId);
            command.Parameters.AddWithValue("machine", bench.Machine.Id.ToString());
            command.Parameters.AddWithValue("secret", bench.SecretId);
            command.Parameters.AddWithValue("project", bench.ProjectId);
            command.Parameters.AddWithValue("from", (long)from);
            command.Parameters.AddWithValue("to", (long)Math.Min(from + 100_000, already + count));
            await command.ExecuteNonQueryAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE audit.mt_doc_auditentry", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
