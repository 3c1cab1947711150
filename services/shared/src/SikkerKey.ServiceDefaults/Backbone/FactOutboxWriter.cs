using SikkerKey.Contracts;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// Writes the facts of requests that have nothing else to commit (a machine read's <c>secret_read</c>) into the
/// <see cref="FactOutbox"/> by <see cref="GroupCommit{TItem, TResult}"/> (issue 15): sixteen concurrent reads were
/// sixteen INSERTs and sixteen commits, each flushing the WAL; now the facts that queued while the previous statement
/// ran share one INSERT and one commit. A request hears back only once the commit holding its facts is done, so a fact
/// is still durable before its response goes out; a failed statement fails every request in it with the same
/// exception (a 503 when the database is unavailable), and a lone request is written at once, as before.
/// </summary>
public sealed class FactOutboxWriter(FactOutbox outbox) : GroupCommit<IReadOnlyCollection<IIntegrationEvent>, bool>
{
    /// <summary>
    /// Returns once <paramref name="facts"/> are committed. A cancelled request stops waiting, and only it: its facts may
    /// still be written with the others (a fact recorded for a response never sent is the safe side of an audit log).
    /// </summary>
    public Task CommitAsync(IReadOnlyCollection<IIntegrationEvent> facts, CancellationToken cancellationToken) =>
        facts.Count == 0 ? Task.CompletedTask : SubmitAsync(facts, cancellationToken);

    protected override async Task WriteAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        await outbox.WriteAsync(batch.SelectMany(p => p.Item).ToList(), cancellationToken);
        // One wake-up for the forwarder per commit, not per request.
        outbox.Pulse();
        foreach (var pending in batch)
            pending.Answer.TrySetResult(true);
    }
}
