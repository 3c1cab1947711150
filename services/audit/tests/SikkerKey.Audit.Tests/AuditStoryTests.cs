using System.Net;
using System.Text.Json;
using NSec.Cryptography;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// The story a new user tries on a fresh <c>build/run</c>: strangers probe the instance first (an unsigned <c>/v1</c>
/// request, a forged signature for a machine that does not exist, a login with an unknown e-mail), then a user
/// provisions a container, downloads its bundle and reads with it. The probes belong to no vault: they land in the
/// instance chain, readable by the first admin with their source addresses, and the log carries on with every later fact.
/// </summary>
public sealed class AuditStoryTests(AuditSystemFixture fixture)
{
    private const string Gateway = "127.0.0.1";

    [Fact]
    public async Task Facts_without_a_vault_go_to_the_instance_chain_and_every_later_fact_is_still_recorded()
    {
        using var stranger = fixture.System.CreateClient();
        var unknownMachine = Guid.NewGuid();
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@example.test";
        var probedPath = "/v1/secret/sk_" + Guid.NewGuid().ToString("N")[..10];
        await (await stranger.GetAsync(probedPath, Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        using (var forgerKey = Key.Create(SignatureAlgorithm.Ed25519))
        using (var forger = new RequestSigner(unknownMachine, forgerKey))
            await (await stranger.SendAsync(TestMachine.SignedRequest(forger, HttpMethod.Get, probedPath), Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await stranger.PostJsonAsync("/api/auth/login", new { email = unknownEmail, password = "not anyone's password" })).AssertErrorAsync(HttpStatusCode.Unauthorized);

        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("api");
        var granted = await owner.CreateSecretAsync(project, "DATABASE_URL", "postgres://app:story-value@db/app");
        var withheld = await owner.CreateSecretAsync(project, "STRIPE_KEY", "sk_live_story-withheld");
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers",
            new { projectId = project, secretIds = new[] { granted } })).AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();
        var downloadUrl = provisioned.GetProperty("downloadUrl").GetString()!;
        using var download = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await (await owner.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone);
        using var signer = TestMachine.SignerFromBundle(machineId, await download.Content.ReadAsByteArrayAsync(Http.Ct));
        using var container = fixture.System.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await container.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{granted}"), Http.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await container.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{withheld}"), Http.Ct)).StatusCode);
        await (await owner.Client.PostAsync($"/api/machines/{machineId}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await container.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{granted}"), Http.Ct)).StatusCode);

        string[] story = ["machine_provisioned", "bundle_downloaded", "bundle_download_refused", "secret_read", "secret_read_denied", "machine_disabled", "machine_auth_failed"];
        var facts = (await Eventually.MatchAsync(() => owner.EntriesAsync($"&machineId={machineId}&action={string.Join(',', story.Distinct())}"),
            entries => entries.Count >= story.Length, AuditLog.Patience, "the container's story")).Reverse().ToList();
        Assert.Equal(story, facts.Select(e => e.Text("action")));
        // machine_provisioned and machine_disabled carry no address in their contracts (yet); every request-borne refusal and read does.
        Assert.All(facts.Where(e => e.Text("action") is not ("machine_provisioned" or "machine_disabled")), e => Assert.Equal(Gateway, e.Text("sourceIp")));
        Assert.Equal(["user", "user", "user", "machine", "machine", "user", "machine"], facts.Select(e => e.Text("actorKind")));

        using var admin = await fixture.AdminAsync();
        var probes = await Eventually.MatchAsync(() => admin.EntriesAsync("&chain=system"),
            entries => ProbesIn(entries, probedPath, unknownEmail).Count == 3, AuditLog.Patience, "the three probes in the instance chain");
        var seen = ProbesIn(probes, probedPath, unknownEmail).OrderBy(e => e.Text("timestamp"), StringComparer.Ordinal).ToList();
        Assert.Equal(["machine_auth_failed", "machine_auth_failed", "user_login_failed"], seen.Select(e => e.Text("action")));
        Assert.All(seen, e => Assert.Equal(Gateway, e.Text("sourceIp")));
        Assert.All(seen, e => Assert.NotEqual("info", e.Text("severity")));
        Assert.Equal((null, unknownMachine.ToString()), (seen[0].Text("machineId"), seen[1].Text("machineId")));

        var ownerView = JsonSerializer.Serialize(await owner.EntriesAsync());
        Assert.DoesNotContain(unknownEmail, ownerView, StringComparison.Ordinal);
        Assert.DoesNotContain(unknownMachine.ToString(), ownerView, StringComparison.Ordinal);
        Assert.DoesNotContain(unknownEmail, JsonSerializer.Serialize(await admin.EntriesAsync()), StringComparison.Ordinal);
        var verified = await (await admin.Client.GetAsync("/api/audit/verify?chain=system", Http.Ct)).AssertOkAsync();
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
    }

    [Fact]
    public async Task Only_instance_administrators_read_the_instance_chain()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var auditor = await owner.AddMemberAsync(fixture.System, "auditor");
        using var admin = await fixture.AdminAsync();

        foreach (var path in new[] { "/api/audit?chain=system", "/api/audit/export?chain=system", "/api/audit/verify?chain=system" })
        {
            foreach (var user in new[] { owner, auditor })
                Assert.Contains("instance administrators", await (await user.Client.GetAsync(path, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync(path, Http.Ct)).StatusCode);
        }
        await (await owner.Client.GetAsync($"/api/audit?chain={admin.VaultId}", Http.Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.GetAsync($"/api/audit?chain={owner.VaultId}", Http.Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    private static List<JsonElement> ProbesIn(IEnumerable<JsonElement> entries, string probedPath, string unknownEmail) =>
        entries.Where(e => e.Text("detail") is { } detail && (detail.Contains(probedPath, StringComparison.Ordinal) || detail.Contains(unknownEmail, StringComparison.Ordinal))).ToList();
}
