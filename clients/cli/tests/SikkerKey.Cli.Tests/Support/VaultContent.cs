using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>Projects and secrets made through the gateway's management API, as the dashboard makes them.</summary>
internal static class VaultContent
{
    public static Task<string> CreateProjectAsync(this UserSession owner, string name) =>
        CreateAsync(owner, "/api/projects", new { name });

    public static Task<string> CreateSecretAsync(this UserSession owner, string projectId, string name, string value) =>
        CreateAsync(owner, $"/api/projects/{projectId}/secrets", new { name, value });

    public static Task<string> CreateStructuredSecretAsync(this UserSession owner, string projectId, string name, Dictionary<string, string> fields) =>
        CreateAsync(owner, $"/api/projects/{projectId}/secrets", new { name, fields });

    private static async Task<string> CreateAsync(UserSession owner, string path, object body) =>
        (await (await owner.Client.PostJsonAsync(path, body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
