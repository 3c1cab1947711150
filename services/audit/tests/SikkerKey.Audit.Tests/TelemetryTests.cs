using System.IO.Compression;
using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>The whole system exporting traces, metrics and logs over OTLP to a collector of the test's own.</summary>
public sealed class TelemetryFixture : SystemFixture
{
    public OtlpCollector Collector { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(base.Environment);
            foreach (var (key, value) in Collector.Environment)
                environment[key] = value;
            return environment;
        }
    }

    protected override Task BeforeStartAsync()
    {
        Collector = OtlpCollector.Start();
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

/// <summary>
/// What operators see through their collector: the audit lag metric PRODUCT.md promises, and — what they must never
/// see there — no secret value, password or private key in any exported trace, metric or log.
/// </summary>
public sealed class TelemetryTests(TelemetryFixture fixture) : IClassFixture<TelemetryFixture>
{
    private OtlpCollector Collector => fixture.Collector;

    [Fact]
    public async Task The_audit_lag_is_exported_as_a_metric_and_requests_as_traces()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("metered");
        await owner.EntryAsync($"&action=project_created&projectId={project}", _ => true, "project_created");

        await Eventually.MatchAsync(() => Task.FromResult(Collector.Contains("sikkerkey.audit.lag", "metrics")), found => found,
            AuditLog.Patience, "sikkerkey.audit.lag among the exported metrics");
        await Eventually.MatchAsync(() => Task.FromResult(Collector.Contains("/api/projects", "traces")), found => found,
            AuditLog.Patience, "a trace of the project request");
    }

    [Fact]
    public async Task No_secret_value_password_or_private_key_is_exported()
    {
        const string Plain = "plain-value-7c1f0b9e";
        const string Field = "field-value-4d2a8e61";
        const string Updated = "updated-value-93b5c7d2";
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("exported");
        var plain = await owner.CreateSecretAsync(project, "DATABASE_URL", Plain);
        var structured = (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets",
            new { name = "stripe", fields = new { secret = Field } })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await owner.Client.PutJsonAsync($"/api/secrets/{plain}", new { value = Updated })).AssertOkAsync();
        await (await owner.Client.GetAsync($"/api/secrets/{plain}", Http.Ct)).AssertOkAsync();

        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true }))
            .AssertOkAsync(HttpStatusCode.Created);
        using var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString()!, Http.Ct);
        var zip = await download.Content.ReadAsByteArrayAsync(Http.Ct);
        using var signer = TestMachine.SignerFromBundle(provisioned.GetProperty("machineId").GetGuid(), zip);
        using var client = fixture.System.CreateClient();
        foreach (var path in new[] { $"/v1/secret/{plain}", $"/v1/secret/{structured}" })
            await (await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, path), Http.Ct)).AssertOkAsync();
        var exported = await (await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Post, "/v1/secrets/export"), Http.Ct)).AssertOkAsync();
        Assert.Contains(Field, exported.ToString(), StringComparison.Ordinal);

        // The export's span, exported, means the spans of everything before it were exported too.
        await Eventually.MatchAsync(() => Task.FromResult(Collector.Contains("/v1/secrets/export", "traces")), found => found,
            AuditLog.Patience, "the export request's trace");
        await owner.EntryAsync($"&action=secret_read&secretId={plain}", _ => true, "the reads, audited");
        Assert.True(Collector.Count("logs") > 0, "no logs were exported: the test would prove nothing about them");

        string[] forbidden = [Plain, Field, Updated, owner.Password, KeyMaterialOf(zip)];
        Assert.All(forbidden, text => Assert.False(Collector.Contains(text), $"exported telemetry contains '{text}'"));
    }

    /// <summary>
    /// The key's own part of the PEM's base64 line: an Ed25519 PKCS#8 document is 16 bytes of fixed header, then the
    /// 32-byte key, so characters 24 to 64 are key material alone.
    /// </summary>
    private static string KeyMaterialOf(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry("private.pem")!.Open());
        var body = reader.ReadToEnd().Split('\n')[1];
        return body[24..64];
    }
}
