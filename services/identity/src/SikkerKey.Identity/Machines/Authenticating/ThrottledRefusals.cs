using Marten;
using Npgsql;
using SikkerKey.Contracts.Machines;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Reports the refusals answered 429 as <see cref="MachineAuthThrottled"/>: one fact per subject (machine at an address,
/// or address) per sweep, carrying how many there were, never one per request. A flood must leave a trace, yet must not
/// buy itself an audit entry (a stream, a bus message, a chain link) per request: each subject's first refusals up to the
/// limit are audited one by one as <c>machine_auth_failed</c>, the rest cost a counter increment and, once a sweep, one
/// fact, so what a flood writes to the log is bounded by subjects times sweeps, not by requests. The count is reset in
/// the same transaction that appends the facts, so every refusal is reported exactly once, by whichever replica claims it.
/// </summary>
public sealed class ThrottledRefusals(IDocumentStore store, TimeProvider time)
{
    // At most 500 subjects a transaction; more wait for the next sweep.
    private const string ClaimSql = $"""
        WITH due AS (
            SELECT subject, throttled, throttled_since, throttled_until FROM {AuthLockouts.TableName}
            WHERE throttled > 0 ORDER BY subject LIMIT 500 FOR UPDATE SKIP LOCKED)
        UPDATE {AuthLockouts.TableName} l SET throttled = 0, throttled_since = NULL, throttled_until = NULL
        FROM due WHERE l.subject = due.subject
        RETURNING l.machine_id, l.vault_id, l.source_ip, due.throttled, due.throttled_since, due.throttled_until
        """;

    /// <returns>How many facts this report appended.</returns>
    public async Task<int> ReportAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellationToken);
        var facts = new List<MachineAuthThrottled>();
        await using (var command = new NpgsqlCommand(ClaimSql, session.Connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            while (await reader.ReadAsync(cancellationToken))
                facts.Add(new MachineAuthThrottled(reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? "unknown" : reader.GetString(2), reader.GetInt32(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), now));
        }
        // A stream per fact, like every refusal: replicas reporting at once must not race for one stream's version.
        foreach (var fact in facts)
            session.Events.StartStream(Guid.NewGuid().ToString(), fact);
        await session.SaveChangesAsync(cancellationToken);
        return facts.Count;
    }
}
