using System.Net;
using System.Text.Json;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// Revealing a value in the dashboard is a secret read like a machine's (PRODUCT.md "Authorization rules"): audited as
/// <c>secret_read</c> with the user as actor, a refused one as <c>secret_read_denied</c>; the address is the one the
/// gateway vouched for, never a bare <c>X-Forwarded-For</c> another local process sends a service.
/// </summary>
public sealed class RevealAuditTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task A_reveal_and_a_refused_reveal_are_audited_with_the_user_as_actor()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "revealed" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var secret = (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "db", value = "reveal-marker-value" }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        Assert.Equal("reveal-marker-value", (await (await owner.Client.GetAsync($"/api/secrets/{secret}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString());
        await (await member.Client.GetAsync($"/api/secrets/{secret}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);

        var read = await owner.EntryAsync($"&action=secret_read&secretId={secret}", _ => true, "secret_read of the reveal");
        var denied = await owner.EntryAsync($"&action=secret_read_denied&secretId={secret}", _ => true, "secret_read_denied of the refused reveal");
        Assert.Equal(("user", owner.UserId, project, "127.0.0.1"), (read.Text("actorKind"), read.Text("actorId"), read.Text("projectId"), read.Text("sourceIp")));
        Assert.Equal(("user", member.UserId, "warning"), (denied.Text("actorKind"), denied.Text("actorId"), denied.Text("severity")));
        Assert.Null(read.Text("machineId"));
        Assert.DoesNotContain("reveal-marker-value", JsonSerializer.Serialize(await owner.EntriesAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditors_refused_reveal_is_audited_like_a_members()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var auditor = await owner.AddMemberAsync(fixture.System, "auditor");
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "audited" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var secret = (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "db", value = "auditor-marker-value" }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await (await auditor.Client.GetAsync($"/api/secrets/{secret}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);

        var denied = await auditor.EntryAsync($"&action=secret_read_denied&secretId={secret}", _ => true, "secret_read_denied of the auditor's reveal");
        Assert.Equal(("user", auditor.UserId, project, "warning", "127.0.0.1"),
            (denied.Text("actorKind"), denied.Text("actorId"), denied.Text("projectId"), denied.Text("severity"), denied.Text("sourceIp")));
        Assert.DoesNotContain("auditor-marker-value", JsonSerializer.Serialize(await auditor.EntriesAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_takes_the_client_address_only_from_the_gateways_signed_principal()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "spoof" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var secret = (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "db", value = "v" }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var principal = await TestMachine.PrincipalOfAsync(owner) with { SourceIp = "198.51.100.23" };

        // A local process that holds a valid principal still cannot choose the address by header.
        using var client = new HttpClient { BaseAddress = fixture.System.Replicas("secrets")[0].Url };
        var header = new PrincipalHeader(Microsoft.Extensions.Options.Options.Create(new InternalKeyOptions { InternalKey = fixture.System.InternalKey }), TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/secrets/{secret}");
        request.Headers.Add(PrincipalHeader.Name, header.Sign(principal, "GET", $"/api/secrets/{secret}"));
        request.Headers.Add("X-Forwarded-For", "203.0.113.99");
        await (await client.SendAsync(request, Http.Ct)).AssertOkAsync();

        var read = await owner.EntryAsync($"&action=secret_read&secretId={secret}", _ => true, "secret_read straight to the service");
        Assert.Equal("198.51.100.23", read.Text("sourceIp"));
    }
}
