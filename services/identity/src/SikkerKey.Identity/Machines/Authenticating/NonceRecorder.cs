using Marten;
using Npgsql;
using NpgsqlTypes;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Records the nonces of verified requests by <see cref="GroupCommit{TItem, TResult}"/> (issue 15): every verify used to
/// commit its own nonce, so sixteen concurrent reads were sixteen commits, and with a durable cluster sixteen WAL flushes;
/// now each request hears whether its own nonce was new. Memory decides nothing: the table's primary key refuses a replay on every
/// replica, and a request hears its answer only once the commit holding its nonce is done.
/// </summary>
public sealed class NonceRecorder(NpgsqlDataSource database, IDocumentStore store) : GroupCommit<UsedNonce, bool>
{
    // ON CONFLICT DO NOTHING: a nonce already stored (or stored twice in one batch) is left out of RETURNING, never an
    // error that would fail the whole batch with it.
    private readonly Lazy<string> insert = new(() => $"""
        INSERT INTO {store.TableOf<UsedNonce>()} (id, data)
        SELECT n.id, n.data FROM unnest(@ids, @data) AS n(id, data)
        ON CONFLICT (id) DO NOTHING RETURNING id
        """);

    /// <summary>
    /// True once <paramref name="nonce"/> is committed as new; false when it was used before. A cancelled request stops
    /// waiting, and only it: its nonce may still be written with the others.
    /// </summary>
    public Task<bool> RecordAsync(UsedNonce nonce, CancellationToken cancellationToken) => SubmitAsync(nonce, cancellationToken);

    /// <summary>
    /// One statement for the batch. A nonce is new for the first request carrying it and no other, so the same nonce
    /// sent twice in one batch is accepted once. A failed statement fails every request in it as a failed insert of its
    /// own did: the same exception, mapped to 503 when the database is unavailable.
    /// </summary>
    protected override async Task WriteAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        var serializer = store.Options.Serializer();
        // Prepared on the pooled connection that runs it (issue 15; why only these, see AddEventBackbone): parsed and planned once per connection.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(insert.Value, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
        {
            TypedValue = batch.Select(p => p.Item.Id).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<string[]>("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            TypedValue = batch.Select(p => serializer.ToJson(p.Item)).ToArray(),
        });
        await command.PrepareAsync(cancellationToken);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                stored.Add(reader.GetString(0));
        foreach (var pending in batch)
            pending.Answer.TrySetResult(stored.Remove(pending.Item.Id));
    }
}
