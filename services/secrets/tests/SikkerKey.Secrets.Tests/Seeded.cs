using System.Net;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>A project filled with plain secrets through the management API, a few requests at a time.</summary>
public sealed record Seeded(string Id, IReadOnlyList<string> SecretIds)
{
    public static async Task<Seeded> ProjectAsync(UserSession owner, int secrets)
    {
        var project = await SecretTests.ProjectAsync(owner);
        using var parallel = new SemaphoreSlim(8);
        var ids = await Task.WhenAll(Enumerable.Range(0, secrets).Select(async i =>
        {
            await parallel.WaitAsync(Http.Ct);
            try
            {
                return await SecretTests.SecretAsync(owner, project, new { name = $"secret-{i:D5}", value = $"value {i}" });
            }
            finally
            {
                parallel.Release();
            }
        }));
        return new Seeded(project, ids);
    }

    /// <summary>The body of <c>POST /v1/secrets/poll</c> as the SDKs send it.</summary>
    public static string WatchBody(IEnumerable<string> secretIds) => JsonSerializer.Serialize(new { watch = secretIds });

    /// <summary>The <c>changes</c> of a poll answer, id → status.</summary>
    public static async Task<Dictionary<string, string>> ChangesAsync(HttpResponseMessage response) =>
        (await response.AssertOkAsync(HttpStatusCode.OK)).GetProperty("changes").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!);
}
