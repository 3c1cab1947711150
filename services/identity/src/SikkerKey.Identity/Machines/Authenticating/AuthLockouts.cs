using Microsoft.Extensions.Options;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Refused signed requests, counted against what failed: a known machine (from one address) or, for requests that
/// name no known machine or are malformed, the source address. Containers on one Docker host share its address, so
/// one revoked container must throttle only itself. A fixed window per subject in one row of PostgreSQL, so every
/// replica shares the counts. Only refusals consult it: a valid signature from an approved machine cannot be
/// guessed, so the read path never pays for a lockout lookup.
/// </summary>
public sealed class AuthLockouts(NpgsqlDataSource database, IOptions<AuthLockoutOptions> options, TimeProvider time)
{
    private const string TableName = IdentityExtensions.Schema + ".auth_lockouts";

    public static Table Definition()
    {
        var table = new Table(TableName);
        table.AddColumn<string>("subject").AsPrimaryKey();
        table.AddColumn<DateTimeOffset>("window_ends_at").NotNull();
        table.AddColumn<int>("failures").NotNull();
        return table;
    }

    /// <summary>
    /// A machine's failures count per address too: whoever knows a machine's id may forge requests for it from
    /// elsewhere, and must not lock the real container out.
    /// </summary>
    public static string ForMachine(Guid machineId, string sourceIp) => $"machine:{machineId}@{sourceIp}";

    public static string ForAddress(string sourceIp) => "ip:" + sourceIp;

    // One statement: a locked subject is answered without a write; otherwise its failure is counted, starting a
    // new window once the old one has passed.
    private const string CountSql = $"""
        WITH locked AS (
            SELECT window_ends_at FROM {TableName}
            WHERE subject = @subject AND failures >= @limit AND window_ends_at > @now),
        counted AS (
            INSERT INTO {TableName} AS l (subject, window_ends_at, failures)
            SELECT @subject, @window_ends_at, 1 WHERE NOT EXISTS (SELECT 1 FROM locked)
            ON CONFLICT (subject) DO UPDATE SET
                failures = CASE WHEN l.window_ends_at > @now THEN l.failures + 1 ELSE 1 END,
                window_ends_at = CASE WHEN l.window_ends_at > @now THEN l.window_ends_at ELSE excluded.window_ends_at END
            RETURNING 1)
        SELECT (SELECT window_ends_at FROM locked), (SELECT count(*) FROM counted)
        """;

    /// <summary>Counts one refusal against <paramref name="subject"/>, unless it is locked: then how long it stays locked.</summary>
    public async Task<TimeSpan?> CountFailureAsync(string subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = database.CreateCommand(CountSql);
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("limit", options.Value.Failures);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("window_ends_at", now + options.Value.Window);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0) - now;
    }

    /// <summary>Forgets windows that have passed; any replica may run it.</summary>
    public async Task ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"DELETE FROM {TableName} WHERE window_ends_at < @now");
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
