namespace SikkerKey;

public sealed partial class SikkerKeyClient
{
    /// <summary>The value of a secret (for a structured secret, its fields as one JSON object string).</summary>
    public async Task<string> GetSecretAsync(string secretId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretId);
        ValueResponse answer;
        try
        {
            answer = await _transport.SendAsync(HttpMethod.Get, $"/v1/secret/{Uri.EscapeDataString(secretId)}", null,
                WireJson.Default.ValueResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (SikkerKeyException e) when (_cache is { } cache && Unreachable.Is(e) && cache.Load(secretId) is { } cached)
        {
            return Served([cached])[0].Value;
        }
        RememberRead(secretId, answer.Value);
        return answer.Value;
    }

    /// <summary>The fields of a structured secret.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetFieldsAsync(string secretId, CancellationToken cancellationToken = default) =>
        StructuredValue.Parse(secretId, await GetSecretAsync(secretId, cancellationToken).ConfigureAwait(false));

    /// <summary>One field of a structured secret.</summary>
    /// <exception cref="NotFoundException">The secret has no such field.</exception>
    public async Task<string> GetFieldAsync(string secretId, string field, CancellationToken cancellationToken = default)
    {
        var fields = await GetFieldsAsync(secretId, cancellationToken).ConfigureAwait(false);
        return fields.TryGetValue(field, out var value)
            ? value
            : throw new NotFoundException($"Secret {secretId} has no field \"{field}\"; its fields: {string.Join(", ", fields.Keys)}.");
    }

    /// <summary>Every secret granted to this machine, without values.</summary>
    public async Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(CancellationToken cancellationToken = default) =>
        ToInfos(await _transport.SendAsync(HttpMethod.Get, "/v1/secrets", null, WireJson.Default.SecretsResponse, cancellationToken)
            .ConfigureAwait(false));

    /// <summary>The secrets of one project granted to this machine, without values.</summary>
    public async Task<IReadOnlyList<SecretInfo>> ListSecretsByProjectAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        var body = Json.Serialize(new ProjectRequest(projectId), WireJson.Default.ProjectRequest);
        return ToInfos(await _transport.SendAsync(HttpMethod.Post, "/v1/secrets/list", body, WireJson.Default.SecretsResponse,
            cancellationToken).ConfigureAwait(false));
    }

    private static List<SecretInfo> ToInfos(SecretsResponse answer) =>
        [.. answer.Secrets.Select(s => new SecretInfo(s.Id, s.Name, s.ProjectId, StructuredValue.FieldNames(s.FieldNames)))];
}
