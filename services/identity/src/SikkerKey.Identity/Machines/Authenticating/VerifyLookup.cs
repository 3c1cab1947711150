using Marten;
using Npgsql;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>What a verify needs of the machine a request names: the machine, its owner as they are now, and its last-seen row.</summary>
public sealed record MachineForVerify(Machine Machine, User? Owner, MachineActivity? Activity);

/// <summary>
/// Reads the machine, its owner and its last-seen row in one statement (issue 15: three round trips before), from
/// PostgreSQL on every request, so a disable, revoke, delete or change of the owner's permissions is seen by the very
/// next request on every replica. The documents are read as the store wrote them and deserialised with its serializer.
/// </summary>
public sealed class VerifyLookup(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly Lazy<string> sql = new(() => $"""
        SELECT m.data, u.data, a.data
        FROM {store.TableOf<Machine>()} m
        LEFT JOIN {store.TableOf<User>()} u ON u.id = m.data->>'OwnerId'
        LEFT JOIN {store.TableOf<MachineActivity>()} a ON a.id = m.id
        WHERE m.id = @machine
        """);

    public async Task<MachineForVerify?> LoadAsync(Guid machineId, CancellationToken cancellationToken)
    {
        // Prepared on the pooled connection that runs it (issue 15; why only these, see AddEventBackbone): parsed and planned once per connection.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.Value, connection);
        command.Parameters.AddWithValue("machine", machineId.ToString());
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var serializer = store.Options.Serializer();
        return new MachineForVerify(serializer.FromJson<Machine>(reader, 0),
            reader.IsDBNull(1) ? null : serializer.FromJson<User>(reader, 1),
            reader.IsDBNull(2) ? null : serializer.FromJson<MachineActivity>(reader, 2));
    }

    private readonly Lazy<string> lastSeen = new(() => $"""
        WITH due AS (SELECT id FROM {store.TableOf<MachineActivity>()} WHERE id = ? AND (data->>'LastSeenAt')::timestamptz <= ? FOR UPDATE SKIP LOCKED)
        UPDATE {store.TableOf<MachineActivity>()} a SET data = ?::jsonb, mt_last_modified = transaction_timestamp() FROM due WHERE a.id = due.id
        """);

    /// <summary>
    /// Stages, in the request's commit, the new last-seen of a machine whose row exists, unless another request is
    /// writing it right now (<c>SKIP LOCKED</c>) or already moved it past <paramref name="dueBefore"/>. When a machine's
    /// interval ran out, each of its concurrent requests saw the old row and rewrote it, one commit after another on
    /// the row's lock (issue 15 profile: 74 ms a write under load); one of them writing is enough.
    /// </summary>
    public void StageLastSeen(IDocumentSession session, MachineActivity activity, DateTimeOffset dueBefore) =>
        session.QueueSqlCommand(lastSeen.Value, activity.Id, dueBefore, store.Options.Serializer().ToJson(activity));
}
