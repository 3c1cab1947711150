using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SikkerKey.Testing;

/// <summary>A signed-in user of a running <see cref="SikkerKeySystem"/>, with a client that sends their bearer token.</summary>
public sealed record UserSession(string UserId, string VaultId, string Email, string Password, string Token, HttpClient Client) : IDisposable
{
    public const string DefaultPassword = "correct horse battery staple";

    /// <summary>Signs up a new vault with a fresh owner, through the gateway.</summary>
    public static async Task<UserSession> SignUpAsync(SikkerKeySystem system, string? vaultName = null)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        using var anonymous = system.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/signup", new { email, password = DefaultPassword, vaultName = vaultName ?? "Vault " + email });
        var body = await ReadSuccessAsync(response);
        return For(system, body.GetProperty("userId").GetString()!, body.GetProperty("vaultId").GetString()!, email, DefaultPassword, body.GetProperty("token").GetString()!);
    }

    /// <summary>Adds a team member (role member unless given) to this user's vault and logs them in.</summary>
    public async Task<UserSession> AddMemberAsync(SikkerKeySystem system, string role = "member")
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        using var added = await Client.PostAsJsonAsync("/api/team/members", new { email, password = DefaultPassword, role });
        var userId = (await ReadSuccessAsync(added)).GetProperty("userId").GetString()!;
        return await LogInAsync(system, userId, VaultId, email, DefaultPassword);
    }

    public static async Task<UserSession> LogInAsync(SikkerKeySystem system, string userId, string vaultId, string email, string password)
    {
        using var anonymous = system.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        return For(system, userId, vaultId, email, password, (await ReadSuccessAsync(response)).GetProperty("token").GetString()!);
    }

    public static async Task<JsonElement> ReadSuccessAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static UserSession For(SikkerKeySystem system, string userId, string vaultId, string email, string password, string token)
    {
        var client = system.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new UserSession(userId, vaultId, email, password, token, client);
    }

    public void Dispose() => Client.Dispose();
}
