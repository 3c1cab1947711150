using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using NSec.Cryptography;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>
/// What a Prometheus server scraping every process sees: counters that move by exactly what happened, labels that
/// never name an id, an e-mail or an address, and no metrics without the token or through the public port.
/// </summary>
public sealed partial class MetricsTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task A_provision_download_read_and_refused_read_move_each_counter_by_exactly_one()
    {
        var before = await fixture.ScrapeAllAsync();
        using var signedUp = await UserSession.SignUpAsync(fixture.System);
        using var owner = await UserSession.LogInAsync(fixture.System, signedUp.UserId, signedUp.VaultId, signedUp.Email, signedUp.Password);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "scraped" })).AssertOkAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        var secret = (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "DATABASE_URL", value = "postgres://x" }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true }))
            .AssertOkAsync(HttpStatusCode.Created);
        var downloadUrl = provisioned.GetProperty("downloadUrl").GetString()!;
        using var download = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using var again = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);

        using var signer = TestMachine.SignerFromBundle(provisioned.GetProperty("machineId").GetGuid(), await download.Content.ReadAsByteArrayAsync(Http.Ct));
        using var client = fixture.System.CreateClient();
        await (await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{secret}"), Http.Ct)).AssertOkAsync();
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        using var stranger = new RequestSigner(Guid.NewGuid(), key);
        using var refused = await client.SendAsync(TestMachine.SignedRequest(stranger, HttpMethod.Get, $"/v1/secret/{secret}"), Http.Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        (string Process, string Metric, (string, string)[] Labels, double Delta)[] expected =
        [
            ("provisioning", "sikkerkey_bundles_total", [("stage", "provisioned")], 1),
            ("provisioning", "sikkerkey_bundles_total", [("stage", "downloaded")], 1),
            ("provisioning", "sikkerkey_bundles_total", [("stage", "refused"), ("reason", "already_downloaded")], 1),
            ("gateway", "sikkerkey_signed_requests_total", [("result", "ok")], 1),
            ("gateway", "sikkerkey_signed_requests_total", [("result", "unauthorized")], 1),
            ("identity", "sikkerkey_machine_auth_failures_total", [("reason", "UnknownMachine")], 1),
            ("identity", "sikkerkey_logins_total", [("result", "ok")], 1),
        ];
        // The gateway counts a request once its answer is on the way, so a scrape right after may precede it.
        await Eventually.MatchAsync(async () =>
            {
                var after = await fixture.ScrapeAllAsync();
                return expected.Select(e => (e, Moved: after[e.Process].Sum(e.Metric, e.Labels) - before[e.Process].Sum(e.Metric, e.Labels))).ToList();
            },
            moves => moves.All(m => m.Moved == m.e.Delta), TimeSpan.FromSeconds(30),
            "each counter moved by exactly its expected amount");

        var scrapes = await fixture.ScrapeAllAsync();
        await Eventually.MatchAsync(async () => (await Scrape.FromAsync(fixture.System.Replicas("audit")[0].Url, fixture.Token)).Sum("sikkerkey_audit_facts_total", ("chain", "vault"))
                - before["audit"].Sum("sikkerkey_audit_facts_total", ("chain", "vault")),
            appended => appended > 0, AuditPatience, "the flow's facts appended to the vault's chain");
        var bundleRoutes = scrapes["provisioning"].Samples
            .Where(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route", "").EndsWith("{provisioningId:guid}/bundle", StringComparison.Ordinal));
        Assert.True(bundleRoutes.Sum(s => s.Value) >= 2, "the bundle downloads timed under their route template");
        Assert.All(scrapes, s => Assert.Equal(1, s.Value.Sum("sikkerkey_ready")));
    }

    [Fact]
    public async Task No_label_value_is_an_id_an_email_or_an_address()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "labelled" })).AssertOkAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        var scrapes = await fixture.ScrapeAllAsync();
        string[] known = [owner.UserId, owner.VaultId, owner.Email, project];

        var offending = scrapes.SelectMany(s => s.Value.Samples.SelectMany(sample => sample.Labels
                // A scope's version is four dotted numbers, which an IPv4 address pattern cannot tell apart.
                .Where(l => l.Key != "otel_scope_version" && (Unbounded().IsMatch(l.Value) || known.Any(id => l.Value.Contains(id, StringComparison.OrdinalIgnoreCase))))
                .Select(l => $"{s.Key}: {sample.Name}{{{l.Key}=\"{l.Value}\"}}")))
            .Distinct().ToList();
        Assert.True(offending.Count == 0, "labels that name an id, an e-mail or an address:\n" + string.Join('\n', offending));
        Assert.All(scrapes, s => Assert.True(s.Value.Samples.Count > 50, $"{s.Key} exported only {s.Value.Samples.Count} samples"));
    }

    [Fact]
    public async Task Metrics_need_the_token_and_the_gateway_serves_them_only_on_its_management_port()
    {
        using var client = new HttpClient();
        var identity = fixture.System.Replicas("identity")[0].Url;
        using (var anonymous = await client.GetAsync(new Uri(identity, "/metrics"), Http.Ct))
            await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Management, "/metrics")))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Token + "x");
            await (await client.SendAsync(wrong, Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        using (var publicPort = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.System.Gateway.Url, "/metrics")))
        {
            publicPort.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Token);
            await (await client.SendAsync(publicPort, Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        }
        using (var other = await client.GetAsync(new Uri(fixture.Management, "/health/ready"), Http.Ct))
            await other.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Contains("sikkerkey_ready", (await Scrape.FromAsync(fixture.Management, fixture.Token)).Names);
    }

    [Fact]
    public async Task Every_metric_the_alert_rules_and_the_dashboard_use_is_exported()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "charted" })).AssertOkAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "API_KEY", value = "charted" })).Dispose();
        using var session = await UserSession.LogInAsync(fixture.System, owner.UserId, owner.VaultId, owner.Email, owner.Password);
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true }))
            .AssertOkAsync(HttpStatusCode.Created);
        using (var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString()!, Http.Ct))
        using (var signer = TestMachine.SignerFromBundle(provisioned.GetProperty("machineId").GetGuid(), await download.Content.ReadAsByteArrayAsync(Http.Ct)))
        using (var client = fixture.System.CreateClient())
        using (var missing = await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, "/v1/secret/sk_missing"), Http.Ct)) { }
        using (var key = Key.Create(SignatureAlgorithm.Ed25519))
        using (var stranger = new RequestSigner(Guid.NewGuid(), key))
        using (var refused = await fixture.System.CreateClient().SendAsync(TestMachine.SignedRequest(stranger, HttpMethod.Get, "/v1/secrets"), Http.Ct)) { }

        var used = ObservabilityFiles.RuleExpressions().Concat(ObservabilityFiles.DashboardExpressions())
            .SelectMany(ObservabilityFiles.MetricNames).Where(n => !ObservabilityFiles.External.Contains(n)).ToHashSet();
        await Eventually.MatchAsync(async () =>
            {
                var exported = (await fixture.ScrapeAllAsync()).Values.SelectMany(s => s.Names).ToHashSet();
                var missing = used.Where(n => !exported.Contains(n) && !OnlyOnceItHappens.Contains(n)).Order().ToList();
                return missing.Count == 0 ? "" : $"missing {string.Join(", ", missing)}; exported: {string.Join(' ', exported.Order())}";
            },
            missing => missing.Length == 0, AuditPatience, "every metric the rules and the dashboard name among the exported ones");
    }

    // A counter appears at its first change; these need a failure (a consumer throwing, a pool running dry) this
    // test cannot cause. MassTransit's unit "ea" is in its names, as in messaging_masstransit_consume_ea_total.
    private static readonly HashSet<string> OnlyOnceItHappens = ["messaging_masstransit_consume_errors_ea_total", "db_client_connections_pending_requests"];

    private static readonly TimeSpan AuditPatience = TimeSpan.FromSeconds(60);

    // GUIDs, SikkerKey's own ids (a prefix and ten random characters; action names like vault_created carry no digit),
    // e-mail addresses, IPv4 and IPv6 addresses.
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b(sk|vault|proj)_(?=[a-z]*[0-9])[a-z0-9]{10}\b|@[A-Za-z0-9.-]+\.[a-z]+|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\b[0-9a-fA-F]{0,4}::[0-9a-fA-F:]*\b")]
    private static partial Regex Unbounded();
}
