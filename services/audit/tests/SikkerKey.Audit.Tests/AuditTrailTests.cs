using System.Net;
using System.Text.Json;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// Facts from every service reach the log once, in order, with the actor and the client address the gateway
/// saw: an <c>X-Forwarded-For</c> a client sends is ignored.
/// </summary>
public sealed class AuditTrailTests(AuditSystemFixture fixture)
{
    private const string Spoofed = "203.0.113.66";
    private const string Gateway = "127.0.0.1";

    [Fact]
    public async Task Logins_and_failed_logins_are_audited_with_the_address_the_gateway_saw()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var client = fixture.System.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Spoofed);

        await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertOkAsync();
        var failed = await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = "not the password" })).Content.ReadAsStringAsync(Http.Ct);

        var loggedIn = await owner.EntryAsync("&action=user_logged_in", _ => true, "user_logged_in");
        var refused = await owner.EntryAsync("&action=user_login_failed", _ => true, "user_login_failed after " + failed);
        Assert.Equal(("user", owner.UserId, "info", Gateway), (loggedIn.Text("actorKind"), loggedIn.Text("actorId"), loggedIn.Text("severity"), loggedIn.Text("sourceIp")));
        Assert.Equal(("user", owner.UserId, "warning", Gateway), (refused.Text("actorKind"), refused.Text("actorId"), refused.Text("severity"), refused.Text("sourceIp")));
        Assert.StartsWith("email: " + owner.Email + "; reason: wrong_password", refused.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain(Spoofed, JsonSerializer.Serialize(await owner.EntriesAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain("not the password", JsonSerializer.Serialize(await owner.EntriesAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Team_and_permission_changes_are_audited_once_in_order_with_the_admin_as_actor()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        await (await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions = new[] { "ReadSecrets", "ManageSecrets" } })).AssertOkAsync();
        await (await owner.Client.DeleteAsync($"/api/team/members/{member.UserId}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        await owner.EntryAsync("&action=team_member_removed", _ => true, "team_member_removed");
        var facts = (await owner.EntriesAsync("&action=team_member_added,permissions_changed,team_member_removed")).Reverse()
            .Where(e => e.Text("detail")?.Contains(member.Email, StringComparison.Ordinal) == true || e.Text("action") != "team_member_added").ToList();

        Assert.Equal(["team_member_added", "permissions_changed", "team_member_removed"], facts.Select(e => e.Text("action")));
        Assert.All(facts, e => Assert.Equal(("user", owner.UserId), (e.Text("actorKind"), e.Text("actorId"))));
        Assert.Equal($"email: {member.Email}; role: member", facts[0].Text("detail"));
        Assert.Equal((project, "permissions: ReadSecrets,ManageSecrets"), (facts[1].Text("projectId"), facts[1].Text("detail")));
    }

    [Fact]
    public async Task The_provisioning_story_from_bundle_to_refused_read_is_audited_once_in_order()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("api");
        var granted = await owner.CreateSecretAsync(project, "DATABASE_URL", "postgres://app:s3cret-value@db/app");
        var withheld = await owner.CreateSecretAsync(project, "STRIPE_KEY", "sk_live_withheld-value");
        using var client = fixture.System.CreateClient();
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Add("X-Forwarded-For", Spoofed);
            return await client.SendAsync(request, Http.Ct);
        }

        // Provision and download as the dashboard does, a spoofed X-Forwarded-For on every request.
        owner.Client.DefaultRequestHeaders.Add("X-Forwarded-For", Spoofed);
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers",
            new { projectId = project, secretIds = new[] { granted } })).AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();
        var downloadUrl = provisioned.GetProperty("downloadUrl").GetString()!;
        using var download = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await (await owner.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone);
        using var signer = TestMachine.SignerFromBundle(machineId, await download.Content.ReadAsByteArrayAsync(Http.Ct));

        // Then as the container: the key from the bundle, the requests it would send.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{granted}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{withheld}"))).StatusCode);
        var forged = TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{granted}");
        forged.Headers.Remove(SigningHeaders.Signature);
        forged.Headers.Add(SigningHeaders.Signature, Convert.ToBase64String(new byte[64]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(forged)).StatusCode);
        await (await owner.Client.PostAsync($"/api/machines/{machineId}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{granted}"))).StatusCode);

        string[] story = ["machine_registered", "machine_provisioned", "bundle_downloaded", "bundle_download_refused",
            "secret_read", "secret_read_denied", "machine_auth_failed", "machine_disabled", "machine_auth_failed"];
        var facts = (await Eventually.MatchAsync(() => owner.EntriesAsync($"&machineId={machineId}&action={string.Join(',', story.Distinct())}"),
            entries => entries.Count >= story.Length, AuditLog.Patience, "the machine's story")).Reverse().ToList();

        Assert.Equal(story, facts.Select(e => e.Text("action")));
        Assert.All(facts, e => Assert.Equal(machineId.ToString(), e.Text("machineId")));
        var byUser = facts.Where(e => e.Text("action") is "machine_registered" or "machine_provisioned" or "bundle_downloaded" or "bundle_download_refused" or "machine_disabled");
        Assert.All(byUser, e => Assert.Equal(("user", owner.UserId), (e.Text("actorKind"), e.Text("actorId"))));
        var byMachine = facts.Where(e => e.Text("action") is "secret_read" or "secret_read_denied" or "machine_auth_failed");
        Assert.All(byMachine, e => Assert.Equal(("machine", machineId.ToString(), Gateway), (e.Text("actorKind"), e.Text("actorId"), e.Text("sourceIp"))));
        Assert.Equal((Gateway, "info"), (facts[2].Text("sourceIp"), facts[2].Text("severity")));
        Assert.Equal((Gateway, "warning"), (facts[3].Text("sourceIp"), facts[3].Text("severity")));
        Assert.Contains("already_downloaded", facts[3].Text("detail"), StringComparison.Ordinal);
        Assert.Equal((granted, project, "info"), (facts[4].Text("secretId"), facts[4].Text("projectId"), facts[4].Text("severity")));
        Assert.Equal((withheld, "warning"), (facts[5].Text("secretId"), facts[5].Text("severity")));
        Assert.Equal("critical", facts[6].Text("severity"));
        Assert.StartsWith("reason: BadSignature;", facts[6].Text("detail"), StringComparison.Ordinal);
        Assert.Equal("warning", facts[8].Text("severity"));
        Assert.StartsWith("reason: MachineIsDisabled;", facts[8].Text("detail"), StringComparison.Ordinal);

        var everything = JsonSerializer.Serialize(await owner.EntriesAsync());
        Assert.DoesNotContain("s3cret-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("withheld-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Spoofed, everything, StringComparison.Ordinal);
    }
    [Fact]
    public async Task An_export_is_audited_as_one_secret_read_per_secret_it_returned_and_nothing_for_the_rest()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("exported");
        var granted = new[] { "API_KEY", "DATABASE_URL", "SMTP_PASSWORD" }.Select(name => owner.CreateSecretAsync(project, name, name + "-exported-value")).ToArray();
        var grantedIds = (await Task.WhenAll(granted)).ToHashSet();
        var notGranted = await owner.CreateSecretAsync(project, "NOT_GRANTED", "not-exported-value");
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, [.. grantedIds]);
        using var client = fixture.System.CreateClient();

        var exported = await (await client.SendAsync(machine.SignedRequest(HttpMethod.Post, "/v1/secrets/export"), Http.Ct)).AssertOkAsync();

        Assert.Equal(3, exported.GetProperty("secrets").GetArrayLength());
        var reads = await Eventually.MatchAsync(() => owner.EntriesAsync($"&machineId={machine.Id}&action=secret_read"),
            entries => entries.Count >= 3, AuditLog.Patience, "the export's reads");
        Assert.Equal(grantedIds, reads.Select(e => e.Text("secretId")!).ToHashSet());
        Assert.All(reads, e => Assert.Equal(("machine", machine.Id.ToString(), Gateway, project, "info"),
            (e.Text("actorKind"), e.Text("actorId"), e.Text("sourceIp"), e.Text("projectId"), e.Text("severity"))));
        Assert.Single(reads.Select(e => e.Text("timestamp")).Distinct());
        Assert.Equal(3, reads.Select(e => e.Text("id")).Distinct().Count());
        Assert.DoesNotContain(notGranted, JsonSerializer.Serialize(await owner.EntriesAsync($"&action=secret_read")), StringComparison.Ordinal);
        Assert.DoesNotContain("exported-value", JsonSerializer.Serialize(await owner.EntriesAsync()), StringComparison.Ordinal);
    }
}
