using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>Projects, secrets and machines to audit, made as a vault owner makes them.</summary>
internal static class VaultContent
{
    public static async Task<string> CreateProjectAsync(this UserSession owner, string name) =>
        (await (await owner.Client.PostJsonAsync("/api/projects", new { name })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    public static async Task<string> CreateSecretAsync(this UserSession owner, string projectId, string name, string value) =>
        (await (await owner.Client.PostJsonAsync($"/api/projects/{projectId}/secrets", new { name, value })).AssertOkAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

    public static async Task<TestMachine> MachineAsync(this UserSession owner, SikkerKeySystem system, string projectId, params string[] grantedSecrets)
    {
        var machine = await TestMachine.RegisterAsync(system, owner, [projectId]);
        if (grantedSecrets.Length > 0)
            await machine.GrantAsync(system, owner, projectId, grantedSecrets);
        return machine;
    }
}
