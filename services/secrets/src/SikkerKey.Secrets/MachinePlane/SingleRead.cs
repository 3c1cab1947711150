using Marten;
using Npgsql;
using SikkerKey.Secrets.Encryption;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>Everything one <c>GET /v1/secret/{id}</c> needs; <see cref="Secret"/> is null when no such secret exists.</summary>
public sealed record SecretForRead(Secret? Secret, bool IsGranted, SecretMaterial? Material, ProjectKey? ProjectKey, int? Baseline);

/// <summary>
/// Loads a machine's single read in one statement (issue 15): the secret, whether this machine holds its grant, the
/// sealed material, the wrapped project key and the poll baseline. It was four round trips and a LINQ grant query
/// whose expression Marten compiled on every read (a third of the service's CPU per read). The documents are read as
/// the store wrote them and deserialised with its serializer; nothing here is cached between requests.
/// </summary>
public sealed class SingleRead(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly Lazy<string> sql = new(() => $"""
        SELECT s.data, g.id IS NOT NULL, m.data, k.data, b.version
        FROM {store.TableOf<Secret>()} s
        LEFT JOIN {store.TableOf<Grant>()} g ON g.id = @grant
        LEFT JOIN {store.TableOf<SecretMaterial>()} m ON m.id = s.id
        LEFT JOIN {store.TableOf<ProjectKey>()} k ON k.id = s.data->>'ProjectId'
        LEFT JOIN {PollBaselines.TableName} b ON b.machine_id = @machine AND b.secret_id = s.id
        WHERE s.id = @secret
        """);

    public async Task<SecretForRead> LoadAsync(Guid machineId, string secretId, CancellationToken cancellationToken)
    {
        // Prepared on the pooled connection that runs it (issue 15; why only these, see AddEventBackbone): parsed and planned once per connection.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.Value, connection);
        command.Parameters.AddWithValue("secret", secretId);
        command.Parameters.AddWithValue("grant", Grant.KeyFor(machineId, secretId));
        command.Parameters.AddWithValue("machine", machineId);
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new SecretForRead(null, false, null, null, null);
        var serializer = store.Options.Serializer();
        return new SecretForRead(serializer.FromJson<Secret>(reader, 0), reader.GetBoolean(1),
            reader.IsDBNull(2) ? null : serializer.FromJson<SecretMaterial>(reader, 2),
            reader.IsDBNull(3) ? null : serializer.FromJson<ProjectKey>(reader, 3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4));
    }
}
