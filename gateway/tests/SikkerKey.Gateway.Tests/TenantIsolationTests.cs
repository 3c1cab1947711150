using System.Net;
using System.Net.Http.Json;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// Walks every management endpoint as a user of another vault and as a member without permissions:
/// each call that names the victim's resources is refused with 403 or 404; calls that act on the
/// caller's own vault (lists, creation) may succeed for the stranger but never show or touch the
/// victim's data. Every new management endpoint belongs in <see cref="Endpoints"/>.
/// </summary>
public sealed class TenantIsolationTests(SharedSystemFixture fixture)
{
    private static readonly (string Method, string Path, object? Body, bool OwnVault)[] Endpoints =
    [
        ("GET", "/api/projects", null, true),
        ("POST", "/api/projects", new { name = "crown-jewels" }, true),
        ("GET", "/api/projects/{project}", null, false),
        ("PATCH", "/api/projects/{project}", new { name = "hijacked" }, false),
        ("DELETE", "/api/projects/{project}", null, false),
        ("PUT", "/api/projects/{project}/members/{member}", new { permissions = new[] { "ReadSecrets", "ManageSecrets" } }, false),
        ("PUT", "/api/projects/{project}/members/{attacker}", new { permissions = new[] { "ReadSecrets", "ManageSecrets" } }, false),
        ("GET", "/api/team/members", null, true),
        ("POST", "/api/team/members", new { email = "intruder-{nonce}@example.test", password = "intruder password", role = "admin" }, true),
        ("DELETE", "/api/team/members/{member}", null, false),
        ("POST", "/api/projects/{project}/secrets", new { name = "planted", value = "x" }, false),
        ("GET", "/api/projects/{project}/secrets", null, false),
        ("GET", "/api/secrets/{secret}", null, false),
        ("PUT", "/api/secrets/{secret}", new { value = "overwritten" }, false),
        ("DELETE", "/api/secrets/{secret}", null, false),
        ("POST", "/api/secrets/{secret}/restore", null, false),
        ("GET", "/api/secrets/{secret}/versions", null, false),
        ("POST", "/api/secrets/{secret}/rollback", new { version = 1 }, false),
        ("GET", "/api/secrets/{secret}/grants", null, false),
        ("PUT", "/api/secrets/{secret}/grants/{machine}", null, false),
        ("DELETE", "/api/secrets/{secret}/grants/{machine}", null, false),
        ("GET", "/api/machines", null, true),
        ("GET", "/api/machines/{machine}", null, false),
        ("PATCH", "/api/machines/{machine}", new { name = "hijacked" }, false),
        ("POST", "/api/machines/{machine}/disable", null, false),
        ("POST", "/api/machines/{machine}/enable", null, false),
        ("POST", "/api/machines/{machine}/revoke", null, false),
        ("DELETE", "/api/machines/{machine}", null, false),
        ("POST", "/api/integrations/docker/containers", new { projectId = "{project}", allSecrets = true }, false),
        ("GET", "{download}", null, false),
        ("GET", "/api/audit", null, true),
        ("GET", "/api/audit?projectId={project}", null, true),
        ("GET", "/api/audit?actorId={member}", null, true),
        ("GET", "/api/audit/export", null, true),
        ("GET", "/api/audit/export?projectId={project}", null, true),
        ("GET", "/api/audit/verify", null, true),
    ];

    [Fact]
    public async Task Another_vault_and_a_member_without_permissions_get_nothing()
    {
        using var victim = await UserSession.SignUpAsync(fixture.System, "Victim");
        using var member = await victim.AddMemberAsync(fixture.System);
        var project = (await (await victim.Client.PostJsonAsync("/api/projects", new { name = "crown-jewels" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var secret = (await (await victim.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "jewel", value = "the-crown-value" }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var provisioned = await (await victim.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true }))
            .AssertOkAsync(HttpStatusCode.Created);
        var machine = provisioned.GetProperty("machineId").GetString()!;
        var download = provisioned.GetProperty("downloadUrl").GetString()!;
        using var stranger = await UserSession.SignUpAsync(fixture.System, "Stranger");
        using var powerless = await victim.AddMemberAsync(fixture.System);

        foreach (var attacker in new[] { stranger, powerless })
        {
            foreach (var (method, template, body, ownVault) in Endpoints)
            {
                var nonce = Guid.NewGuid().ToString("N");
                var path = template.Replace("{project}", project, StringComparison.Ordinal).Replace("{member}", member.UserId, StringComparison.Ordinal)
                    .Replace("{attacker}", attacker.UserId, StringComparison.Ordinal).Replace("{secret}", secret, StringComparison.Ordinal)
                    .Replace("{machine}", machine, StringComparison.Ordinal).Replace("{download}", download, StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                    request.Content = JsonContent.Create(System.Text.Json.JsonSerializer.Deserialize<object>(
                        System.Text.Json.JsonSerializer.Serialize(body).Replace("{nonce}", nonce, StringComparison.Ordinal).Replace("{project}", project, StringComparison.Ordinal)));

                using var response = await attacker.Client.SendAsync(request, Http.Ct);
                var text = await response.Content.ReadAsStringAsync(Http.Ct);

                var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
                Assert.True(refused || (ownVault && attacker == stranger) || (ownVault && method == "GET"),
                    $"{(attacker == stranger ? "stranger" : "member")} {method} {path} → {(int)response.StatusCode} {text}");
                Assert.DoesNotContain(project, text, StringComparison.Ordinal);
                Assert.DoesNotContain(member.Email, text, StringComparison.Ordinal);
                Assert.DoesNotContain("the-crown-value", text, StringComparison.Ordinal);
                Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(project, await (await stranger.Client.GetAsync("/api/projects", Http.Ct)).Content.ReadAsStringAsync(Http.Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(project, await (await powerless.Client.GetAsync("/api/projects", Http.Ct)).Content.ReadAsStringAsync(Http.Ct), StringComparison.Ordinal);
        var still = await (await victim.Client.GetAsync($"/api/projects/{project}", Http.Ct)).AssertOkAsync();
        Assert.Equal("crown-jewels", still.GetProperty("name").GetString());
        var team = (await (await victim.Client.GetAsync("/api/team/members", Http.Ct)).AssertOkAsync()).GetProperty("members");
        Assert.Equal(3, team.GetArrayLength());
        Assert.Single((await (await victim.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects").EnumerateArray());
        Assert.Equal("the-crown-value", (await (await victim.Client.GetAsync($"/api/secrets/{secret}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString());
        var machineNow = await (await victim.Client.GetAsync($"/api/machines/{machine}", Http.Ct)).AssertOkAsync();
        Assert.Equal("approved", machineNow.GetProperty("status").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await victim.Client.GetAsync(download, Http.Ct)).StatusCode);
        var memberMe = await (await member.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
        Assert.Empty(memberMe.GetProperty("permissions").EnumerateObject());
    }
}
