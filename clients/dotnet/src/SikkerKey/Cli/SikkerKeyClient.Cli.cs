namespace SikkerKey;

// Internal: only the sikkerkey CLI, which ships with this assembly, speaks these endpoints.
public sealed partial class SikkerKeyClient
{
    /// <summary>Every secret granted to this machine with its project's name and its type, without values.</summary>
    internal async Task<IReadOnlyList<CliSecret>> ListCliSecretsAsync(CancellationToken cancellationToken) =>
        (await _transport.SendAsync(HttpMethod.Get, "/v1/cli/secrets", null, WireJson.Default.CliSecretsResponse, cancellationToken)
            .ConfigureAwait(false)).Secrets;

    /// <summary>The projects this machine is linked to.</summary>
    internal async Task<IReadOnlyList<CliProject>> ListProjectsAsync(CancellationToken cancellationToken) =>
        (await _transport.SendAsync(HttpMethod.Get, "/v1/cli/projects", null, WireJson.Default.CliProjectsResponse, cancellationToken)
            .ConfigureAwait(false)).Projects;

    /// <summary>Whether this machine may read the project's secrets; a refusal is an answer, not an exception.</summary>
    internal async Task<AccessCheck> VerifyAccessAsync(string projectId, CancellationToken cancellationToken)
    {
        var body = Json.Serialize(new ProjectRequest(projectId), WireJson.Default.ProjectRequest);
        return await _transport.SendAsync(HttpMethod.Post, "/v1/verify-access", body, WireJson.Default.AccessCheck, cancellationToken)
            .ConfigureAwait(false);
    }
}
