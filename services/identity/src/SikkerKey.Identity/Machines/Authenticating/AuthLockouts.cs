using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SikkerKey.ServiceDefaults.Backbone;
using Weasel.Postgresql.Tables;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Refused signed requests, counted against what failed: a known machine (from one address) or, for requests that
/// name no known machine or are malformed, the source address. Containers on one Docker host share its address, so
/// one revoked container must throttle only itself. A fixed window per subject in one row of PostgreSQL, so every
/// replica shares the counts. Only refusals consult it: a valid signature from an approved machine cannot be
/// guessed, so the read path never pays for a lockout lookup.
/// <para>
/// The limit is exact under concurrency, on any number of replicas: a refusal is decided by the count its own increment
/// produced (<c>RETURNING</c> of an upsert, which takes the row's lock and sees the latest count), never by a count read
/// beforehand. Deciding from a snapshot let every refusal that read 49 while another was being counted pass as a
/// 401: 57 audited failures where the limit is 50. So a refusal past the limit is counted too; those counts are what
/// <see cref="ThrottledRefusals"/> reports to the audit log. Like <see cref="NonceRecorder"/>, the counts are written
/// by group commit: a flood of forgeries for one subject would otherwise be one commit each, queued on that one row's
/// lock and holding a pooled connection apiece while healthy machines' verifies wait for one.
/// </para>
/// </summary>
public sealed class AuthLockouts(NpgsqlDataSource database, IOptions<AuthLockoutOptions> options, TimeProvider time) : GroupCommit<AuthLockouts.Subject, TimeSpan?>
{
    public const string TableName = IdentityExtensions.Schema + ".auth_lockouts";

    public static Table Definition()
    {
        var table = new Table(TableName);
        table.AddColumn<string>("subject").AsPrimaryKey();
        table.AddColumn<DateTimeOffset>("window_ends_at").NotNull();
        table.AddColumn<int>("failures").NotNull();
        // What the report of the refusals past the limit names; the vault is the machine's when it is known.
        table.AddColumn<Guid>("machine_id");
        table.AddColumn<string>("vault_id");
        table.AddColumn<string>("source_ip");
        // Refusals past the limit not yet reported, across windows: a window that rolls over before the report must not
        // take its count with it.
        table.AddColumn<int>("throttled").NotNull().DefaultValue(0);
        table.AddColumn<DateTimeOffset>("throttled_since");
        table.AddColumn<DateTimeOffset>("throttled_until");
        return table;
    }

    /// <summary>What a refusal counts against, and what the report of its throttled refusals names.</summary>
    public sealed record Subject(string Key, Guid? MachineId, string? VaultId, string SourceIp);

    /// <summary>
    /// A machine's failures count per address too: whoever knows a machine's id may forge requests for it from
    /// elsewhere, and must not lock the real container out.
    /// </summary>
    public static Subject ForMachine(Guid machineId, string vaultId, string sourceIp) => new($"machine:{machineId}@{sourceIp}", machineId, vaultId, sourceIp);

    public static Subject ForAddress(string sourceIp) => new("ip:" + sourceIp, null, null, sourceIp);

    private const string Continues = "l.window_ends_at > @now";
    private const string Counted = $"(CASE WHEN {Continues} THEN l.failures ELSE 0 END + excluded.failures)";
    // How many of this statement's refusals of the subject fall past the limit: its positions run up to the new count.
    private const string Past = $"greatest(0, least(excluded.failures, {Counted} - @limit))";

    // One statement for a batch, each subject once with how many of its refusals the batch holds (an upsert may not
    // touch a row twice); rows in subject order, so two replicas' statements take their locks in the same order.
    private const string CountSql = $"""
        WITH batch AS (
            SELECT b.subject, (array_agg(b.machine_id))[1] AS machine_id, (array_agg(b.vault_id))[1] AS vault_id,
                (array_agg(b.source_ip))[1] AS source_ip, count(*)::int AS n
            FROM unnest(@subjects, @machines, @vaults, @ips) AS b(subject, machine_id, vault_id, source_ip)
            GROUP BY b.subject)
        INSERT INTO {TableName} AS l (subject, window_ends_at, failures, machine_id, vault_id, source_ip, throttled, throttled_since, throttled_until)
        SELECT subject, @window_ends_at, n, machine_id, vault_id, source_ip, greatest(n - @limit, 0),
            CASE WHEN n > @limit THEN @now END, CASE WHEN n > @limit THEN @now END
        FROM batch ORDER BY subject
        ON CONFLICT (subject) DO UPDATE SET
            failures = {Counted},
            window_ends_at = CASE WHEN {Continues} THEN l.window_ends_at ELSE excluded.window_ends_at END,
            throttled = l.throttled + {Past},
            throttled_since = CASE WHEN {Past} > 0 THEN coalesce(l.throttled_since, @now) ELSE l.throttled_since END,
            throttled_until = CASE WHEN {Past} > 0 THEN @now ELSE l.throttled_until END
        RETURNING l.subject, l.failures, l.window_ends_at
        """;

    /// <summary>
    /// Counts one refusal against <paramref name="subject"/>; when it is past the limit of the subject's window, how
    /// long that window has left (answer 429). Answered only once the count is committed.
    /// </summary>
    public Task<TimeSpan?> CountFailureAsync(Subject subject, CancellationToken cancellationToken) => SubmitAsync(subject, cancellationToken);

    /// <summary>
    /// A subject's refusals in the batch take the positions up to its new count in the order they queued; a position past
    /// the limit is refused with 429. A failed statement fails every request in it (503 when the database is down).
    /// </summary>
    protected override async Task WriteAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = database.CreateCommand(CountSql);
        command.Parameters.Add(Array("subjects", NpgsqlDbType.Text, batch.Select(p => p.Item.Key).ToArray()));
        command.Parameters.Add(Array("machines", NpgsqlDbType.Uuid, batch.Select(p => p.Item.MachineId).ToArray()));
        command.Parameters.Add(Array("vaults", NpgsqlDbType.Text, batch.Select(p => p.Item.VaultId).ToArray()));
        command.Parameters.Add(Array("ips", NpgsqlDbType.Text, batch.Select(p => p.Item.SourceIp).ToArray()));
        command.Parameters.AddWithValue("limit", options.Value.Failures);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("window_ends_at", now + options.Value.Window);
        var counted = new Dictionary<string, (int Failures, DateTimeOffset WindowEndsAt)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                counted[reader.GetString(0)] = (reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2));

        var inBatch = batch.CountBy(p => p.Item.Key).ToDictionary(StringComparer.Ordinal);
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pending in batch)
        {
            var key = pending.Item.Key;
            var (failures, windowEndsAt) = counted[key];
            var position = failures - inBatch[key] + (taken[key] = taken.GetValueOrDefault(key) + 1);
            pending.Answer.TrySetResult(position > options.Value.Failures ? windowEndsAt - now : null);
        }
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType type, T[] values) =>
        new(name, NpgsqlDbType.Array | type) { TypedValue = values };

    /// <summary>Forgets windows that have passed and whose throttled refusals were reported; any replica may run it.</summary>
    public async Task ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"DELETE FROM {TableName} WHERE window_ends_at < @now AND throttled = 0");
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
