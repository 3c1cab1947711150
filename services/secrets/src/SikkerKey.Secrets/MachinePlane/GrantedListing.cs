using System.Text.Json;
using Marten;
using Npgsql;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>One granted secret as <c>/v1/cli/secrets</c> names it: no value, no version history.</summary>
public sealed record GrantedSecret(string Id, string Name, string? FieldNames, string ProjectId, string ProjectName, string Type);

/// <summary>
/// What a machine may list, in one statement that reads only the fields the answer holds (issue 22). The official CLI
/// cannot page, so <c>GET /v1/cli/secrets</c> returns every granted secret at once; loading each whole secret document
/// (every version's metadata) and then each project cost 8.7× a single read at 10,000 secrets. Whether the owner may
/// still read a project is decided here in memory from the principal, as for every other machine read.
/// </summary>
public sealed class GrantedListing(NpgsqlDataSource database, IDocumentStore store)
{
    private readonly Lazy<string> sql = new(() => $"""
        SELECT s.id, s.data->>'Name', s.data->'FieldNames', s.data->>'ProjectId', p.data->>'Name', s.data->>'Type'
        FROM {store.TableOf<Grant>()} g
        JOIN {store.TableOf<Secret>()} s ON s.id = g.data->>'SecretId'
        LEFT JOIN {store.TableOf<Project>()} p ON p.id = s.data->>'ProjectId'
        WHERE {GrantedLive}
        """);

    /// <summary>
    /// The machine's grants (<c>g</c>) on secrets (<c>s</c>) that still exist in its own vault, with <c>@machine</c> and
    /// <c>@vault</c>: the one filter every machine listing reads by (this one and an export's <see cref="GrantedMaterial"/>).
    /// </summary>
    internal const string GrantedLive = "CAST(g.data->>'MachineId' AS uuid) = @machine AND s.data->>'VaultId' = @vault AND s.data->>'DeletedAt' IS NULL";

    public async Task<IReadOnlyList<GrantedSecret>> ListAsync(Principal machine, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql.Value);
        command.Parameters.AddWithValue("machine", Guid.Parse(machine.Id));
        command.Parameters.AddWithValue("vault", machine.VaultId ?? "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var secrets = new List<GrantedSecret>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var projectId = reader.GetString(3);
            if (!SecretsRules.MachineReads(machine, projectId))
                continue;
            var type = reader.IsDBNull(5) ? SecretTypes.Plain : reader.GetString(5);
            // The field names as the JSON text of their list, which is what the official CLI expects in "fieldNames".
            var fieldNames = type == SecretTypes.Structured && !reader.IsDBNull(2)
                ? MachineReads.FieldNamesText(JsonSerializer.Deserialize<List<string>>(reader.GetString(2))) : null;
            secrets.Add(new GrantedSecret(reader.GetString(0), reader.GetString(1), fieldNames, projectId, reader.IsDBNull(4) ? "" : reader.GetString(4), type));
        }
        // The order MachineReads.GrantedAsync gives, so both listings agree.
        return secrets.OrderBy(s => s.Name).ToList();
    }
}
