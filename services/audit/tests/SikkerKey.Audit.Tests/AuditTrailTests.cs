using System.Diagnostics;
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
    public async Task A_machine_story_reads_denied_read_bad_signature_disable_refused_read_is_audited_once_in_order()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("api");
        var granted = await owner.CreateSecretAsync(project, "DATABASE_URL", "postgres://app:s3cret-value@db/app");
        var withheld = await owner.CreateSecretAsync(project, "STRIPE_KEY", "sk_live_withheld-value");
        using var machine = await owner.MachineAsync(fixture.System, project, granted);
        using var client = fixture.System.CreateClient();
        async Task<HttpStatusCode> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Add("X-Forwarded-For", Spoofed);
            using var response = await client.SendAsync(request, Http.Ct);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{granted}")));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{withheld}")));
        var forged = machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{granted}");
        forged.Headers.Remove(SigningHeaders.Signature);
        forged.Headers.Add(SigningHeaders.Signature, Convert.ToBase64String(new byte[64]));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(forged));
        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{granted}")));

        string[] story = ["machine_registered", "secret_read", "secret_read_denied", "machine_auth_failed", "machine_disabled", "machine_auth_failed"];
        var facts = (await Eventually.MatchAsync(() => owner.EntriesAsync($"&machineId={machine.Id}&action={string.Join(',', story.Distinct())}"),
            entries => entries.Count >= story.Length, AuditLog.Patience, "the machine's story")).Reverse().ToList();

        Assert.Equal(story, facts.Select(e => e.Text("action")));
        Assert.All(facts, e => Assert.Equal(machine.Id.ToString(), e.Text("machineId")));
        Assert.All(facts.Where(e => e.Text("action") is "secret_read" or "secret_read_denied" or "machine_auth_failed"), e =>
            Assert.Equal(("machine", machine.Id.ToString(), Gateway), (e.Text("actorKind"), e.Text("actorId"), e.Text("sourceIp"))));
        Assert.Equal((granted, project, "info"), (facts[1].Text("secretId"), facts[1].Text("projectId"), facts[1].Text("severity")));
        Assert.Equal((withheld, "warning"), (facts[2].Text("secretId"), facts[2].Text("severity")));
        Assert.Equal("critical", facts[3].Text("severity"));
        Assert.StartsWith("reason: BadSignature;", facts[3].Text("detail"), StringComparison.Ordinal);
        Assert.Equal(("user", owner.UserId), (facts[4].Text("actorKind"), facts[4].Text("actorId")));
        Assert.Equal("warning", facts[5].Text("severity"));
        Assert.StartsWith("reason: MachineNotDisabled;", facts[5].Text("detail"), StringComparison.Ordinal);

        var everything = JsonSerializer.Serialize(await owner.EntriesAsync());
        Assert.DoesNotContain("s3cret-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("withheld-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Spoofed, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_is_queryable_within_five_seconds_of_the_fact()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        // The promise is for a running system: the very first facts after start-up also pay for JIT and bus topology.
        await owner.EntryAsync("&action=vault_created", _ => true, "the sign-up, warming the path up");
        var lags = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.StartNew();
            var project = await owner.CreateProjectAsync($"lag-{i}");
            await owner.EntryAsync($"&action=project_created&projectId={project}", _ => true, $"project_created {i}", AuditLog.Promise);
            lags.Add(started.Elapsed);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"fact → queryable: {string.Join(", ", lags.Select(l => $"{l.TotalMilliseconds:0} ms"))}");
        Assert.All(lags, lag => Assert.True(lag < AuditLog.Promise, $"{lag.TotalMilliseconds:0} ms"));
    }
}
