using System.Net;
using System.Text.Json;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Authorization;

/// <summary>
/// The stories behind issue 20, end to end through the gateway: each once handed a member or a machine more than the
/// rules allow. The matrix covers every cell with fixed permissions; these change permissions and state mid-story.
/// </summary>
public sealed class AuthorizationRuleTests(SharedSystemFixture fixture)
{
    private const string Containers = "/api/integrations/docker/containers";

    [Fact]
    public async Task A_null_or_a_foreign_secret_in_secretIds_provisions_nothing_and_reads_nothing()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        using var stranger = await UserSession.SignUpAsync(fixture.System);
        var p1 = await CreateAsync(owner, "/api/projects", new { name = "p1" });
        var p2 = await CreateAsync(owner, "/api/projects", new { name = "p2" });
        await CreateAsync(owner, $"/api/projects/{p1}/secrets", new { name = "mine", value = "v1" });
        var s2 = await CreateAsync(owner, $"/api/projects/{p2}/secrets", new { name = "theirs", value = "p2-marker-value" });
        var foreign = await CreateAsync(stranger, $"/api/projects/{await CreateAsync(stranger, "/api/projects", new { name = "b" })}/secrets", new { name = "b", value = "b" });
        await Permit(owner, p1, member, "ManageProvisionedMachines", "ReadSecrets");

        await (await member.Client.PostJsonAsync(Containers, new { projectId = p1, secretIds = new[] { null, s2 } })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await member.Client.PostJsonAsync(Containers, new { projectId = p1, secretIds = new string?[] { null } })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await member.Client.PostJsonAsync(Containers, new { projectId = p1, secretIds = new[] { s2 } })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await member.Client.PostJsonAsync(Containers, new { projectId = p1, secretIds = new[] { foreign } })).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(0, (await (await owner.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync()).GetProperty("machines").GetArrayLength());
        Assert.Empty((await (await owner.Client.GetAsync($"/api/secrets/{s2}/grants", Http.Ct)).AssertOkAsync()).GetProperty("machineIds").EnumerateArray());
        Assert.Empty((await (await stranger.Client.GetAsync($"/api/secrets/{foreign}/grants", Http.Ct)).AssertOkAsync()).GetProperty("machineIds").EnumerateArray());
    }

    [Fact]
    public async Task Taking_permissions_away_reaches_the_unused_bundle_the_machines_and_their_grants()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        var secret = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "db", value = "db-value" });
        await Permit(owner, project, member, "ManageProvisionedMachines", "ReadSecrets");
        var first = await Provision(member, project, secret);
        var second = await Provision(member, project, secret);
        using var download = await member.Client.GetAsync(first.GetProperty("downloadUrl").GetString(), Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var machineId = first.GetProperty("machineId").GetGuid();
        using var signer = TestMachine.SignerFromBundle(machineId, await download.Content.ReadAsByteArrayAsync(Http.Ct));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(signer, secret));

        // Manage Provisioned Machines kept, Read Secrets taken: no new machine, no unused bundle, and the machine loses the grant.
        await Permit(owner, project, member, "ManageProvisionedMachines");
        await (await member.Client.GetAsync(second.GetProperty("downloadUrl").GetString(), Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        // Checked on the very next read, not when the bus catches up: the machine reads only what its owner may read now.
        Assert.Equal(HttpStatusCode.Forbidden, await ReadAsync(signer, secret));
        // And the grant itself goes too, once the change reaches the secrets service.
        await Eventually.MatchAsync(async () => (await (await owner.Client.GetAsync($"/api/secrets/{secret}/grants", Http.Ct)).AssertOkAsync()).GetProperty("machineIds").GetArrayLength(),
            count => count == 0, TimeSpan.FromSeconds(60), "the grant follows the lost permission");

        // Every permission taken: the member can no longer change or delete their own machines.
        await Permit(owner, project, member);
        await (await member.Client.PostAsync($"/api/machines/{machineId}/disable", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"/api/machines/{machineId}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("approved", (await (await owner.Client.GetAsync($"/api/machines/{machineId}", Http.Ct)).AssertOkAsync()).GetProperty("status").GetString());
        // The bundle refused to the member is still the owner's to download (refusals never consume it).
        using var rescued = await owner.Client.GetAsync(second.GetProperty("downloadUrl").GetString(), Http.Ct);
        Assert.Equal(HttpStatusCode.OK, rescued.StatusCode);
    }

    [Fact]
    public async Task A_removed_members_machine_reads_nothing_on_its_next_request()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        var secret = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "db", value = "db-value" });
        await Permit(owner, project, member, "ManageProvisionedMachines", "ReadSecrets");
        var provisioned = await Provision(member, project, secret);
        using var download = await member.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        using var signer = TestMachine.SignerFromBundle(provisioned.GetProperty("machineId").GetGuid(), await download.Content.ReadAsByteArrayAsync(Http.Ct));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(signer, secret));

        await (await owner.Client.DeleteAsync($"/api/team/members/{member.UserId}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Forbidden, await ReadAsync(signer, secret));
    }

    [Fact]
    public async Task A_machine_an_admin_disabled_is_enabled_again_only_by_an_owner_or_admin()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        await Permit(owner, project, member, "ManageProvisionedMachines", "ReadSecrets");
        using var machine = await TestMachine.RegisterAsync(fixture.System, member, [project]);

        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await member.Client.PostAsync($"/api/machines/{machine.Id}/enable", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("disabled", (await (await owner.Client.GetAsync($"/api/machines/{machine.Id}", Http.Ct)).AssertOkAsync()).GetProperty("status").GetString());
        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/enable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        // The member's own disable is theirs to undo.
        await (await member.Client.PostAsync($"/api/machines/{machine.Id}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await member.Client.PostAsync($"/api/machines/{machine.Id}/enable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task The_machine_plane_names_no_project_the_machine_has_no_grant_on()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var granted = await CreateAsync(owner, "/api/projects", new { name = "granted-project" });
        var hidden = await CreateAsync(owner, "/api/projects", new { name = "hidden-project" });
        var secret = await CreateAsync(owner, $"/api/projects/{granted}/secrets", new { name = "db", value = "v" });
        await CreateAsync(owner, $"/api/projects/{hidden}/secrets", new { name = "other", value = "v" });
        var provisioned = await Provision(owner, granted, secret);
        using var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        using var signer = TestMachine.SignerFromBundle(provisioned.GetProperty("machineId").GetGuid(), await download.Content.ReadAsByteArrayAsync(Http.Ct));
        using var client = fixture.System.CreateClient();

        async Task<JsonElement> VerifyAsync(string project)
        {
            using var request = TestMachine.SignedRequest(signer, HttpMethod.Post, "/v1/verify-access", JsonSerializer.Serialize(new { projectId = project }));
            return await (await client.SendAsync(request, Http.Ct)).AssertOkAsync();
        }

        await Eventually.MatchAsync(() => VerifyAsync(granted), r => r.GetProperty("valid").GetBoolean(), TimeSpan.FromSeconds(60), "access to the granted project");
        Assert.Equal("granted-project", (await VerifyAsync(granted)).GetProperty("projectName").GetString());
        var refused = await VerifyAsync(hidden);
        Assert.False(refused.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("projectName").ValueKind);
        Assert.DoesNotContain("hidden-project", refused.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_tokens_and_bundles_are_never_cached_or_sniffed()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var anonymous = fixture.System.CreateClient();
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        var secret = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "db", value = "v" });
        var provisioned = await Provision(owner, project, secret);

        using var login = await anonymous.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password });
        using var value = await owner.Client.GetAsync($"/api/secrets/{secret}", Http.Ct);
        using var bundle = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        using var refusal = await anonymous.GetAsync("/api/projects", Http.Ct);
        foreach (var response in new[] { login, value, bundle, refusal })
        {
            var what = $"{response.RequestMessage!.RequestUri} → {(int)response.StatusCode}";
            Assert.True(response.Headers.CacheControl?.NoStore == true, what + ": Cache-Control no-store");
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        }
    }

    private async Task<HttpStatusCode> ReadAsync(RequestSigner signer, string secret)
    {
        using var client = fixture.System.CreateClient();
        using var request = TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{secret}");
        using var response = await client.SendAsync(request, Http.Ct);
        return response.StatusCode;
    }

    private static async Task Permit(UserSession owner, string project, UserSession member, params string[] permissions) =>
        await (await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions })).AssertOkAsync();

    private static async Task<JsonElement> Provision(UserSession user, string project, string secret) =>
        await (await user.Client.PostJsonAsync(Containers, new { projectId = project, secretIds = new[] { secret } })).AssertOkAsync(HttpStatusCode.Created);

    private static async Task<string> CreateAsync(UserSession user, string path, object body) =>
        (await (await user.Client.PostJsonAsync(path, body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
