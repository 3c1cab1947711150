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
        await using var command = database.CreateCommand(sql.Value);
        command.Parameters.AddWithValue("machine", machineId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var serializer = store.Options.Serializer();
        return new MachineForVerify(serializer.FromJson<Machine>(reader, 0),
            reader.IsDBNull(1) ? null : serializer.FromJson<User>(reader, 1),
            reader.IsDBNull(2) ? null : serializer.FromJson<MachineActivity>(reader, 2));
    }
}
