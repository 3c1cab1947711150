using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// The version of each secret a machine last read (or first polled): what <c>POST /v1/secrets/poll</c> compares
/// against. A plain table rather than a document per pair, so a poll or an export of any number of secrets reads and
/// writes it in one statement each (issue 22). Rows are shared by every replica; nothing lives in process memory.
/// </summary>
public static class PollBaselines
{
    public const string TableName = SecretsExtensions.Schema + ".poll_baselines";

    public static Table Definition()
    {
        var table = new Table(TableName);
        table.AddColumn<Guid>("machine_id").AsPrimaryKey();
        table.AddColumn<string>("secret_id").AsPrimaryKey();
        table.AddColumn<int>("version").NotNull();
        // The purger forgets a secret's rows for every machine at once.
        table.Indexes.Add(new IndexDefinition("ix_poll_baselines_secret_id") { Columns = ["secret_id"] });
        return table;
    }

    /// <summary>Stages, in the read's own commit, that the machine has now read these versions.</summary>
    public static void StageRead(IDocumentSession session, Guid machineId, IReadOnlyCollection<(string SecretId, int Version)> read)
    {
        if (read.Count == 0)
            return;
        // Rows already at the version read are left alone: an export that read nothing new writes nothing (an upsert
        // would rewrite, or at least lock, every row of a 1,000-secret export each time).
        session.QueueSqlCommand($"""
            INSERT INTO {TableName} (machine_id, secret_id, version)
            SELECT ?, r.secret_id, r.version FROM unnest(?::text[], ?::int[]) AS r(secret_id, version)
            WHERE NOT EXISTS (SELECT 1 FROM {TableName} b WHERE b.machine_id = ? AND b.secret_id = r.secret_id AND b.version = r.version)
            ON CONFLICT (machine_id, secret_id) DO UPDATE SET version = excluded.version
            """, machineId, read.Select(r => r.SecretId).ToArray(), read.Select(r => r.Version).ToArray(), machineId);
    }

    /// <summary>
    /// A first poll's baselines, in one statement. A row that appeared meanwhile (a read of the same secret) is newer
    /// knowledge and stays.
    /// </summary>
    public static async Task RecordFirstPollAsync(NpgsqlDataSource database, Guid machineId, IReadOnlyCollection<(string SecretId, int Version)> seen,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            INSERT INTO {TableName} (machine_id, secret_id, version)
            SELECT @machine, s.secret_id, s.version FROM unnest(@secrets, @versions) AS s(secret_id, version)
            ON CONFLICT (machine_id, secret_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("machine", machineId);
        command.Parameters.AddWithValue("secrets", seen.Select(s => s.SecretId).ToArray());
        command.Parameters.AddWithValue("versions", seen.Select(s => s.Version).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static void StageForgetSecret(IDocumentSession session, string secretId) =>
        session.QueueSqlCommand($"DELETE FROM {TableName} WHERE secret_id = ?", secretId);

    public static void StageForgetMachine(IDocumentSession session, Guid machineId) =>
        session.QueueSqlCommand($"DELETE FROM {TableName} WHERE machine_id = ?", machineId);
}
