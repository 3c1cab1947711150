using System.Text.Json;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// Reads a /v1 JSON body that may be absent (<c>Content-Length: 0</c> is valid for export). The gateway has
/// already verified the signature over these exact bytes.
/// </summary>
public static class V1Body
{
    public sealed record ProjectBody(string? ProjectId, string? ApplicationId);

    public sealed record WatchBody(IReadOnlyList<string?>? Watch);

    /// <summary>An optional <c>projectId</c> must be a project id: a junk one is the client's mistake, not an empty project.</summary>
    public static string? ProjectIdProblem(string? projectId) =>
        projectId is null || ResourceIds.IsProjectId(projectId) ? null : "projectId is not a project id";

    public static async Task<(T? Body, string? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength is 0 or null && request.Headers.TransferEncoding.Count == 0)
            return (null, null);
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, cancellationToken), null);
        }
        catch (JsonException json)
        {
            return (null, FailureDescription.BodyProblem(json));
        }
    }
}
