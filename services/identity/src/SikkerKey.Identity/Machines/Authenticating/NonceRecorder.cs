using System.Threading.Channels;
using Marten;
using Npgsql;
using NpgsqlTypes;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Records the nonces of verified requests by group commit (issue 15): every verify used to commit its own nonce, so
/// sixteen concurrent reads were sixteen commits, and with a durable cluster sixteen WAL flushes. Requests queue their
/// nonce here and one writer inserts whatever queued while its previous statement ran, all in one statement and so one
/// commit, then tells each request whether its own nonce was new. It never waits to gather a batch: a lone request is
/// written at once, one statement as before. Memory decides nothing: the table's primary key refuses a replay on every
/// replica, and a request hears its answer only once the commit holding its nonce is done.
/// </summary>
public sealed class NonceRecorder(NpgsqlDataSource database, IDocumentStore store) : BackgroundService
{
    /// <summary>Bounds one statement's parameters; a larger queue is simply written by the next statement.</summary>
    private const int MaxBatch = 512;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    // ON CONFLICT DO NOTHING: a nonce already stored (or stored twice in one batch) is left out of RETURNING, never an
    // error that would fail the whole batch with it.
    private readonly Lazy<string> insert = new(() => $"""
        INSERT INTO {store.TableOf<UsedNonce>()} (id, data)
        SELECT n.id, n.data FROM unnest(@ids, @data) AS n(id, data)
        ON CONFLICT (id) DO NOTHING RETURNING id
        """);

    private sealed record Pending(UsedNonce Nonce, TaskCompletionSource<bool> Stored);

    /// <summary>
    /// True once <paramref name="nonce"/> is committed as new; false when it was used before. A cancelled request stops
    /// waiting, and only it: its nonce may still be written with the others.
    /// </summary>
    public async Task<bool> RecordAsync(UsedNonce nonce, CancellationToken cancellationToken)
    {
        // Continuations run off the writer's thread, so answering one request never delays the next batch.
        var pending = new Pending(nonce, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
            throw new OperationCanceledException("identity is shutting down");
        return await pending.Stored.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                    batch.Add(pending);
                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        finally
        {
            // Requests still queued at shutdown are answered (a 503 the client retries), never left hanging.
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var pending))
                pending.Stored.TrySetCanceled(stoppingToken);
        }
    }

    /// <summary>
    /// One statement for the batch. A nonce is new for the first request carrying it and no other, so the same nonce
    /// sent twice in one batch is accepted once. A failed statement fails every request in it as a failed insert of its
    /// own did: the same exception, mapped to 503 when the database is unavailable.
    /// </summary>
    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var serializer = store.Options.Serializer();
            await using var command = database.CreateCommand(insert.Value);
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            {
                TypedValue = batch.Select(p => p.Nonce.Id).ToArray(),
            });
            command.Parameters.Add(new NpgsqlParameter<string[]>("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            {
                TypedValue = batch.Select(p => serializer.ToJson(p.Nonce)).ToArray(),
            });
            var stored = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    stored.Add(reader.GetString(0));
            foreach (var pending in batch)
                pending.Stored.TrySetResult(stored.Remove(pending.Nonce.Id));
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
                pending.Stored.TrySetException(exception);
        }
    }
}
