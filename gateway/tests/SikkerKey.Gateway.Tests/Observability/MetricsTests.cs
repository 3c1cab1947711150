using System.Net;
using System.Net.Http.Headers;
using NSec.Cryptography;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>
/// What a Prometheus server scraping every process sees: labels that never name an id, an e-mail or an address, every
/// metric the rules and the dashboard use, and no metrics without the token or through the public port. Counters that
/// move by exactly what happened: <see cref="MetricsFlowTests"/>.
/// </summary>
public sealed class MetricsTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task No_label_value_is_an_id_an_email_or_an_address()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "labelled" })).AssertOkAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        var scrapes = await fixture.ScrapeAllAsync();
        var violations = LabelDomains.Violations(scrapes, [owner.UserId, owner.VaultId, owner.Email, project]);
        Assert.True(violations.Length == 0, "labels that are not a bounded word, or name an id, an e-mail or an address:\n" + violations);
        Assert.All(scrapes, s => Assert.True(s.Value.Samples.Count > 50, $"{s.Key} exported only {s.Value.Samples.Count} samples"));
    }

    [Fact]
    public async Task Metrics_need_the_token_and_the_gateway_serves_them_only_on_its_management_port()
    {
        using var client = new HttpClient();
        foreach (var (_, url) in fixture.Targets)
        {
            using var anonymous = await client.GetAsync(new Uri(url, "/metrics"), Http.Ct);
            Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Contains("metrics token", await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        }
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
}
