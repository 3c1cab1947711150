using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary><c>build/run --replicas 2</c>: two processes of every service behind the one gateway.</summary>
public sealed class ReplicatedBuildRunFixture : BuildRunFixture
{
    protected override IReadOnlyList<string> Arguments => ["--replicas", "2"];
}

/// <summary>
/// Issue 16: replicas started by <c>build/run</c> share everything that must hold across requests (a bundle downloads
/// once whichever replica serves it), and one replica of each service killed while a container reads in a loop costs no
/// read beyond the SDK's own retries and no audit fact. Nonce replay and IP lockout across identity replicas have their
/// own tests (ReplicaNonceTests, LockoutNeighbourTests).
/// </summary>
public sealed class BuildRunReplicaTests(ReplicatedBuildRunFixture run) : IClassFixture<ReplicatedBuildRunFixture>
{
    private static readonly string[] Services = ["identity", "provisioning", "secrets", "audit"];

    [Fact]
    public async Task Killing_one_replica_of_each_service_loses_no_read_and_no_fact()
    {
        // Replica 2 of a service listens on its port + 10.
        foreach (var service in Services)
            foreach (var port in new[] { run.Ports[service], run.Ports[service] + 10 })
                Assert.True(BuildRunFixture.PidListeningOn(port) is not null, $"no {service} replica listens on {port}:\n{run.Output}");

        using var admin = await run.AdminClientAsync();
        var project = await IdOfAsync(await admin.PostAsJsonAsync("/api/projects", new { name = "replicas" }, Http.Ct));
        var secret = await IdOfAsync(await admin.PostAsJsonAsync($"/api/projects/{project}/secrets", new { name = "DATABASE_URL", value = "postgres://replicas" }, Http.Ct));
        var provisioned = await (await admin.PostAsJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { secret } }, Http.Ct))
            .AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();

        // Twenty downloads at once, spread over both provisioning and both identity replicas: one ZIP.
        var downloads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => admin.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct)));
        Assert.Equal((1, 19), (downloads.Count(d => d.StatusCode == HttpStatusCode.OK), downloads.Count(d => d.StatusCode == HttpStatusCode.Gone)));
        var mount = Directory.CreateTempSubdirectory("sikkerkey-replicas-").FullName;
        try
        {
            using (var archive = new ZipArchive(await downloads.Single(d => d.StatusCode == HttpStatusCode.OK).Content.ReadAsStreamAsync(Http.Ct)))
                archive.ExtractToDirectory(mount);
            foreach (var download in downloads)
                download.Dispose();

            using var sdk = new SikkerKeyClient(new SikkerKeyOptions { Identity = Path.Combine(mount, "identity.json") });
            Assert.Equal("postgres://replicas", await sdk.GetSecretAsync(secret, Http.Ct));

            // Reads in a loop while one replica of each service is killed in turn (build/run restarts each).
            using var stop = new CancellationTokenSource();
            var failures = new List<string>();
            var reads = 1;
            var reader = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        Assert.Equal("postgres://replicas", await sdk.GetSecretAsync(secret, Http.Ct));
                        reads++;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failures.Add($"{ex.GetType().Name}: {ex.Message}");
                    }
                }
            }, Http.Ct);
            foreach (var (service, index) in Services.Select((s, i) => (s, i)))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), Http.Ct);
                // The first replica of identity and secrets, the second of the others: each port of the list is used.
                var port = run.Ports[service] + (index % 2 == 0 ? 0 : 10);
                using var kill = Process.Start("kill", ["-KILL", BuildRunFixture.PidListeningOn(port)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(Http.Ct);
            }
            await Task.Delay(TimeSpan.FromSeconds(5), Http.Ct);
            await stop.CancelAsync();
            await reader;

            Assert.True(failures.Count == 0, $"{failures.Count} of {reads + failures.Count} reads failed:\n{string.Join('\n', failures.Distinct())}");
            // Every read the container got is in the audit log. A read whose answer was lost with a killed process is
            // retried by the SDK, so the log may hold one more fact per killed process, never fewer than the reads.
            var facts = await Eventually.MatchAsync(() => CountAsync(admin, $"action=secret_read&machineId={machineId}"),
                count => count >= reads, TimeSpan.FromSeconds(120), $"{reads} secret_read facts");
            Assert.InRange(facts, reads, reads + Services.Length);
        }
        finally
        {
            Directory.Delete(mount, recursive: true);
        }
    }

    private static async Task<int> CountAsync(HttpClient admin, string query)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/audit?limit=500&{query}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), Http.Ct)).AssertOkAsync();
            count += page.GetProperty("entries").GetArrayLength();
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return count;
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response) =>
        (await response.AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}

/// <summary>build/run checks its arguments before it starts anything.</summary>
public sealed class BuildRunUsageTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("secrets=10")]
    [InlineData("gateway=2")]
    [InlineData("secrets=two")]
    public async Task A_bad_replica_count_is_a_usage_error_and_starts_nothing(string value)
    {
        var data = Path.Combine(Path.GetTempPath(), "sikkerkey-replicas-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, _, errors) = await Scripts.RunToExitAsync(RepositoryRoot.Combine("build", "run"), RepositoryRoot.Path,
            new Dictionary<string, string> { ["SIKKERKEY_DATA"] = data }, ["--replicas", value], TimeSpan.FromMinutes(1));
        Assert.Equal(2, code);
        Assert.Contains("usage: build/run", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data, "postgres")), "build/run started PostgreSQL for a bad --replicas value");
    }
}
