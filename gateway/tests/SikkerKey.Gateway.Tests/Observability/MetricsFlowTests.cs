using System.Net;
using NSec.Cryptography;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>
/// A container's life as every process's /metrics tells it: provision, download (and a second try), a read, a read
/// of a secret it was not granted, a stranger's read. Alone in its system, so each counter must move by exactly what
/// the flow did, and no label anywhere may name the flow's ids, its user's e-mail or an address.
/// </summary>
public sealed class MetricsFlowTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task Provision_download_read_and_refused_reads_move_each_counter_by_exactly_what_happened()
    {
        var before = await fixture.ScrapeAllAsync();
        using var signedUp = await UserSession.SignUpAsync(fixture.System);
        using var owner = await UserSession.LogInAsync(fixture.System, signedUp.UserId, signedUp.VaultId, signedUp.Email, signedUp.Password);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "scraped" })).AssertOkAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        var granted = await CreateSecretAsync(owner, project, "DATABASE_URL");
        var withheld = await CreateSecretAsync(owner, project, "ADMIN_TOKEN");

        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { granted } }))
            .AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();
        var downloadUrl = provisioned.GetProperty("downloadUrl").GetString()!;
        using var download = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using (var again = await owner.Client.GetAsync(downloadUrl, Http.Ct))
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);

        using var signer = TestMachine.SignerFromBundle(machineId, await download.Content.ReadAsByteArrayAsync(Http.Ct));
        using var client = fixture.System.CreateClient();
        await (await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{granted}"), Http.Ct)).AssertOkAsync();
        using (var notGranted = await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{withheld}"), Http.Ct))
            await notGranted.AssertErrorAsync(HttpStatusCode.Forbidden);
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        using var stranger = new RequestSigner(Guid.NewGuid(), key);
        using (var refused = await client.SendAsync(TestMachine.SignedRequest(stranger, HttpMethod.Get, $"/v1/secret/{granted}"), Http.Ct))
            await refused.AssertErrorAsync(HttpStatusCode.Unauthorized);

        (string Process, string Metric, (string, string)[] Labels, double Delta)[] expected =
        [
            ("provisioning", "sikkerkey_bundles_total", [("stage", "provisioned")], 1),
            ("provisioning", "sikkerkey_bundles_total", [("stage", "downloaded")], 1),
            ("provisioning", "sikkerkey_bundles_total", [("stage", "refused")], 1),
            ("provisioning", "sikkerkey_bundles_total", [("stage", "refused"), ("reason", "already_downloaded")], 1),
            ("provisioning", "sikkerkey_bundles_total", [("stage", "expired")], 0),
            ("gateway", "sikkerkey_signed_requests_total", [], 3),
            ("gateway", "sikkerkey_signed_requests_total", [("result", "ok")], 1),
            ("gateway", "sikkerkey_signed_requests_total", [("result", "forbidden")], 1),
            ("gateway", "sikkerkey_signed_requests_total", [("result", "unauthorized")], 1),
            ("identity", "sikkerkey_machine_auth_failures_total", [], 1),
            ("identity", "sikkerkey_machine_auth_failures_total", [("reason", "UnknownMachine")], 1),
            ("identity", "sikkerkey_logins_total", [], 1),
            ("identity", "sikkerkey_logins_total", [("result", "ok")], 1),
            ("identity", "sikkerkey_machines", [("status", "approved")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "project_created"), ("chain", "vault")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "secret_created"), ("chain", "vault")], 2),
            ("audit", "sikkerkey_audit_facts_total", [("action", "machine_provisioned"), ("chain", "vault")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "bundle_downloaded"), ("chain", "vault")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "bundle_download_refused"), ("chain", "vault")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "secret_read"), ("chain", "vault")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "secret_read_denied"), ("chain", "vault")], 1),
            ("audit", "sikkerkey_audit_facts_total", [("action", "machine_auth_failed")], 1),
        ];
        // The gateway counts a request once its answer is on the way and audit facts travel over the bus, so a scrape
        // right after may precede them; an overshoot never comes back down, so it fails here too.
        var after = await Eventually.MatchAsync(fixture.ScrapeAllAsync, scrapes => Mismatches(expected, before, scrapes).Length == 0,
            TimeSpan.FromSeconds(60), "each counter moved by exactly its expected amount");
        Assert.Equal("", Mismatches(expected, before, after));

        string[] known = [signedUp.UserId, signedUp.VaultId, signedUp.Email, project, granted, withheld, machineId.ToString(),
            provisioned.GetProperty("machineName").GetString()!, downloadUrl.Split('/')[^2], "127.0.0.1", "localhost"];
        var violations = LabelDomains.Violations(after, known);
        Assert.True(violations.Length == 0, "labels that are not a bounded word, or name an id, an e-mail or an address:\n" + violations);
    }

    private static string Mismatches((string Process, string Metric, (string, string)[] Labels, double Delta)[] expected,
        Dictionary<string, Scrape> before, Dictionary<string, Scrape> after) => string.Join("; ", expected
        .Select(e => (e, Moved: after[e.Process].Sum(e.Metric, e.Labels) - before[e.Process].Sum(e.Metric, e.Labels)))
        .Where(m => m.Moved != m.e.Delta)
        .Select(m => $"{m.e.Process} {m.e.Metric}{{{string.Join(',', m.e.Labels.Select(l => $"{l.Item1}={l.Item2}"))}}} moved {m.Moved}, expected {m.e.Delta}"));

    private static async Task<string> CreateSecretAsync(UserSession owner, string project, string name) =>
        (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name, value = "postgres://x" }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
