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
        var variables = new VariableSet("", "export one project at a time");
        foreach (var secret in await ExportSecretsAsync(projectId, cancellationToken).ConfigureAwait(false))
            variables.AddSecret(secret, secret.Name);
        return variables.Variables;
    }

    internal async Task<IReadOnlyList<ExportedSecret>> ExportSecretsAsync(string? projectId, CancellationToken cancellationToken)
    {
        var body = projectId is null ? [] : Json.Serialize(new ProjectRequest(projectId), WireJson.Default.ProjectRequest);
        SecretsResponse answer;
        try
        {
            answer = await _transport.SendAsync(HttpMethod.Post, "/v1/secrets/export", body, WireJson.Default.SecretsResponse,
                cancellationToken).ConfigureAwait(false);
        }
        catch (SikkerKeyException e) when (_cache is { } cache && Unreachable.Is(e) && Exportable(cache) is { Count: > 0 } cached)
        {
            return [.. Served(cached).Select(s => s.ToExported())];
        }
        RememberExport(answer.Secrets);
        return [.. answer.Secrets.Select(s => new ExportedSecret(s.Id, s.Name, s.Value ?? "", StructuredValue.FieldNames(s.FieldNames)))];
    }
}
