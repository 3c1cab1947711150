namespace SikkerKey;

public sealed partial class SikkerKeyClient
{
    /// <summary>
    /// Every granted secret (of one project, when given) as environment variables: see <see cref="EnvVarNames"/>;
    /// a structured secret gives one variable per field.
    /// </summary>
    /// <exception cref="ConflictException">Two secrets would set the same variable (e.g. one name in two projects).</exception>
    public async Task<IReadOnlyDictionary<string, string>> ExportAsync(string? projectId = null, CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, (string Value, string SecretId)>(StringComparer.Ordinal);
        foreach (var secret in await ExportSecretsAsync(projectId, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (name, value) in Variables(secret))
            {
                if (name.Length == 0 || !variables.TryAdd(name, (value, secret.Id)))
                    throw new ConflictException(name.Length == 0
                        ? $"The name of secret {secret.Id} gives no environment variable name: rename it."
                        : $"Secrets {variables[name].SecretId} and {secret.Id} both export as {name}: export one project at a time.");
            }
        }
        return variables.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal);
    }

    internal async Task<IReadOnlyList<ExportedSecret>> ExportSecretsAsync(string? projectId, CancellationToken cancellationToken)
    {
        var body = projectId is null ? [] : Json.Serialize(new ProjectRequest(projectId), WireJson.Default.ProjectRequest);
        var answer = await _transport.SendAsync(HttpMethod.Post, "/v1/secrets/export", body, WireJson.Default.SecretsResponse,
            cancellationToken).ConfigureAwait(false);
        return [.. answer.Secrets.Select(s => new ExportedSecret(s.Id, s.Name, s.Value ?? "", StructuredValue.FieldNames(s.FieldNames)))];
    }

    private static IEnumerable<KeyValuePair<string, string>> Variables(ExportedSecret secret) =>
        secret.FieldNames is null
            ? [new(EnvVarNames.ForSecret(secret.Name), secret.Value)]
            : StructuredValue.Parse(secret.Id, secret.Value).Select(f => KeyValuePair.Create(EnvVarNames.ForField(secret.Name, f.Key), f.Value));
}
