using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.Audit.Checkpointing;
using SikkerKey.Audit.Keys;
using SikkerKey.Audit.Log;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Audit.Retention;

/// <summary>
/// Removes entries older than the retention period, with the facts they came from, oldest link first. Each page
/// removed moves the vault's <see cref="ChainAnchor"/> to the last removed link in the same transaction, so the
/// remaining chain still verifies. It only removes links that verify: retention never launders a broken chain.
/// Entries go in chain order, so one that arrived late waits for those before it (minutes, at most).
/// </summary>
public sealed class RetentionSweeper(IDocumentStore store, NpgsqlDataSource database, AuditKey key, IOptions<AuditOptions> options, TimeProvider time,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    private const int PageSize = 500;
    private static readonly int LockId = EventBackboneExtensions.LockIdFor("audit-retention");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Audit retention sweep failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        // One sweeper at a time across replicas; the others skip this round.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (!await AdvisoryLockAsync(connection, "pg_try_advisory_lock", cancellationToken))
            return;
        try
        {
            var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
            IReadOnlyList<string> chains;
            await using (var query = store.QuerySession())
                chains = await query.Query<AuditEntry>().Where(e => e.OccurredAt < cutoff).Select(e => e.VaultId).Distinct().ToListAsync(cancellationToken);
            foreach (var chainId in chains)
                while (await SweepPageAsync(chainId, cutoff, cancellationToken)) { }
        }
        finally
        {
            await AdvisoryLockAsync(connection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    /// <returns>Whether a whole page went, so more may be due.</returns>
    private async Task<bool> SweepPageAsync(string chainId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var anchor = await session.LoadAsync<ChainAnchor>(chainId, cancellationToken);
        var from = anchor?.Position ?? 0;
        var page = await session.Query<AuditEntry>().Where(e => e.VaultId == chainId && e.Position > from)
            .OrderBy(e => e.Position).Take(PageSize).ToListAsync(cancellationToken);

        var walk = new ChainWalk(anchor, key);
        var expired = new List<AuditEntry>();
        foreach (var entry in page.TakeWhile(e => e.OccurredAt < cutoff))
        {
            walk.Step(entry);
            if (!walk.IsIntact)
            {
                logger.LogError("Audit chain of vault {VaultId} is broken at entry {EntryId}; retention stops before it", chainId, entry.Id);
                break;
            }
            expired.Add(entry);
        }
        if (expired.Count == 0)
            return false;

        foreach (var entry in expired)
            session.Delete(entry);
        DeleteFacts(session, expired);
        // Checkpoints of removed links name entries no longer there: they go with them.
        var upTo = walk.Position;
        session.DeleteWhere<ChainCheckpoint>(c => c.Chain == chainId && c.Position <= upTo);
        session.Store(new ChainAnchor { Id = chainId, Position = walk.Position, Hash = walk.Hash, SweptAt = time.GetUtcNow() });
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Audit retention removed {Count} entries of vault {VaultId} up to position {Position}", expired.Count, chainId, walk.Position);
        return expired.Count == PageSize;
    }

    /// <summary>
    /// Deletes the facts of <paramref name="entries"/>, each by its stream and version (the event table's own index),
    /// and a stream once it holds no fact: a stream is a batch of facts of any vault and age, so it cannot go whole
    /// (Marten's tombstone would take the batch's other facts with it). An entry from before streams held batches
    /// (no <see cref="AuditEntry.FactStream"/>) had a stream of its own, keyed by its id: version 0 takes it whole.
    /// </summary>
    private static void DeleteFacts(IDocumentSession session, IReadOnlyList<AuditEntry> entries)
    {
        var streams = entries.Select(e => e.FactStream ?? e.Id.ToString()).ToArray();
        var versions = entries.Select(e => e.FactStream is null ? 0L : e.FactVersion).ToArray();
        session.QueueSqlCommand($"""
            DELETE FROM {AuditExtensions.Schema}.mt_events e USING unnest(?::text[], ?::bigint[]) AS f(stream, version)
            WHERE e.stream_id = f.stream AND (f.version = 0 OR e.version = f.version)
            """, streams, versions);
        session.QueueSqlCommand($"""
            DELETE FROM {AuditExtensions.Schema}.mt_streams s WHERE s.id = ANY(?)
            AND NOT EXISTS (SELECT 1 FROM {AuditExtensions.Schema}.mt_events e WHERE e.stream_id = s.id)
            """, (object)streams.Distinct().ToArray()); // one parameter: a string[] alone would be taken as the params array
    }

    private static async Task<bool> AdvisoryLockAsync(NpgsqlConnection connection, string function, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@id)", connection);
        command.Parameters.AddWithValue("id", (long)LockId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
