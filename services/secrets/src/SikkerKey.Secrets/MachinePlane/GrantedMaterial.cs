using Marten;
using Npgsql;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>The granted secrets an export returns, each with the sealed material of its current version only.</summary>
public sealed record GrantedValues(IReadOnlyList<Secret> Secrets, IReadOnlyDictionary<string, SecretMaterial> Materials);

/// <summary>
/// What an export needs, in one statement (issue 22): the machine's granted secrets and, from each one's material, the
/// wrapped data key, the sealed current-version pointer and the sealed value of the current version, never every
/// version's. It was three round trips that loaded every material whole (a third of an export of 1,000). What is read
/// is opened by <see cref="SecretValues"/> under the same bindings and pointer check as a single read, so a row edited
/// behind the service's back still fails the export; material that is missing or of another format stays so here.
/// </summary>
public sealed class GrantedMaterial(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly Lazy<string> sql = new(() => $"""
        SELECT s.data, m.id IS NOT NULL, m.data->>'Format', m.data->>'WrappedDataKey', m.data->>'SealedCurrentVersion',
               m.data->'Values'->>(s.data->>'CurrentVersion')
        FROM {store.TableOf<Grant>()} g
        JOIN {store.TableOf<Secret>()} s ON s.id = g.data->>'SecretId'
        LEFT JOIN {store.TableOf<SecretMaterial>()} m ON m.id = s.id
        WHERE {GrantedListing.GrantedLive}
          AND (CAST(@project AS text) IS NULL OR g.data->>'ProjectId' = @project)
        """);

    /// <summary>Granted secrets that still exist, optionally in one project, by name (the order of <see cref="MachineReads.GrantedAsync"/>).</summary>
    public async Task<GrantedValues> LoadAsync(Principal machine, string? projectId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql.Value);
        command.Parameters.AddWithValue("machine", Guid.Parse(machine.Id));
        command.Parameters.Add(new NpgsqlParameter<string?>("project", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = projectId });
        command.Parameters.AddWithValue("vault", machine.VaultId ?? "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var serializer = store.Options.Serializer();
        var secrets = new List<Secret>();
        var materials = new Dictionary<string, SecretMaterial>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var secret = serializer.FromJson<Secret>(reader, 0);
            if (!SecretsRules.MachineReads(machine, secret.ProjectId))
                continue;
            secrets.Add(secret);
            if (!reader.GetBoolean(1))
                continue;
            materials[secret.Id] = MaterialOf(secret, reader);
        }
        return new GrantedValues(secrets.OrderBy(s => s.Name).ToList(), materials);
    }

    /// <summary>
    /// Material whose fields do not read (a format that is not a number, bytes that are not base64: someone wrote to the
    /// row) is given no format, so opening it fails as <c>material_format</c> and is recorded, rather than a 500.
    /// </summary>
    private static SecretMaterial MaterialOf(Secret secret, NpgsqlDataReader reader)
    {
        var material = new SecretMaterial { Id = secret.Id, Format = Unreadable };
        try
        {
            if (reader.IsDBNull(2) || !int.TryParse(reader.GetString(2), out var format))
                return material;
            material.WrappedDataKey = Bytes(reader, 3);
            material.SealedCurrentVersion = Bytes(reader, 4);
            if (!reader.IsDBNull(5))
                material.Values[secret.CurrentVersion] = Convert.FromBase64String(reader.GetString(5));
            material.Format = format;
        }
        catch (FormatException)
        {
            material.Values.Clear();
        }
        return material;
    }

    private const int Unreadable = -1;

    private static byte[] Bytes(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? [] : Convert.FromBase64String(reader.GetString(column));
}
