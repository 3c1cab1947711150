using System.Diagnostics;
using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// <c>build/run</c> keeps the system serving when one of its processes dies: a container's reads fail only while the
/// killed process is down (never for audit or provisioning, which a read does not need), then recover by themselves.
/// </summary>
public sealed class BuildRunSupervisionTests(BuildRunFixture run) : IClassFixture<BuildRunFixture>
{
    // PRODUCT.md's goal is 15 s; a loaded 2-core machine restarting a .NET process may take longer, and the test is
    // about recovering without an operator, not about the machine's speed.
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    /// <summary>Issue 21: only the process that encrypts and decrypts holds the root key; the others never receive it.</summary>
    [Fact]
    public void Only_the_secrets_service_is_given_the_root_key()
    {
        foreach (var name in BuildRunFixture.ProcessNames)
        {
            var pid = BuildRunFixture.PidListeningOn(run.Ports[name]) ?? throw new InvalidOperationException($"nothing listens on {name}'s port");
            var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
            var command = File.ReadAllText($"/proc/{pid}/cmdline");
            var holds = environment.Any(v => v.StartsWith("SikkerKey__RootKey", StringComparison.OrdinalIgnoreCase)) || command.Contains("root.key", StringComparison.Ordinal);
            Assert.True(holds == (name == "secrets"), $"{name} {(holds ? "holds" : "lacks")} the root key");
        }
    }

    [Fact]
    public async Task Killing_any_process_interrupts_reads_only_while_it_is_down()
    {
        using var admin = await run.AdminClientAsync();
        var (_, secretId, signer) = await BuildRunContainer.ProvisionAsync(admin);
        using var container = new HttpClient { BaseAddress = run.Url, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, await BuildRunContainer.ReadAsync(container, signer, secretId));

        foreach (var name in BuildRunFixture.ProcessNames)
        {
            var port = run.Ports[name];
            var pid = BuildRunFixture.PidListeningOn(port) ?? throw new InvalidOperationException($"nothing listens on {name}'s port {port}");
            var linesBefore = run.OutputLines;
            using (var kill = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(Http.Ct);

            var failures = new List<string>();
            var killed = Stopwatch.StartNew();
            var recoveredAt = (TimeSpan?)null;
            // Reads go on until the process is back (another pid on its port) and a read has succeeded since.
            while (killed.Elapsed < Recovery && (recoveredAt is null || BuildRunFixture.PidListeningOn(port) is not { } now || now == pid))
            {
                var status = await BuildRunContainer.TryReadAsync(container, signer, secretId);
                if (status == "200")
                    recoveredAt ??= killed.Elapsed;
                else
                {
                    failures.Add(status);
                    recoveredAt = null;
                }
                await Task.Delay(100, Http.Ct);
            }

            Assert.True(recoveredAt is not null, $"reads did not recover within {Recovery} of killing {name}: {string.Join(", ", failures.TakeLast(5))}\n{run.Output}");
            if (name is "audit" or "provisioning")
                Assert.Empty(failures);
            await run.WaitForOutputAsync(l => l.Contains($"{name} exited; restarting it in 1 s", StringComparison.Ordinal)
                && l.Contains($"logs/{name}.log", StringComparison.Ordinal), TimeSpan.FromSeconds(30), linesBefore);
            TestContext.Current.SendDiagnosticMessage($"kill -9 {name}: {failures.Count} failed reads ({string.Join(", ", failures.Distinct())}), reads OK {recoveredAt?.TotalSeconds:0.0} s after the kill");
        }
        Assert.False(run.HasExited);
    }

    public static TheoryData<string> Dependencies => new() { "rabbitmq", "postgres" };

    /// <summary>
    /// Every endpoint a user or a container calls, with a dependency stopped: what needs it is a 503 with
    /// <c>{"error"}</c> and <c>Retry-After</c>, never a 500; what does not need it keeps working; all recover.
    /// </summary>
    [Theory]
    [MemberData(nameof(Dependencies))]
    public async Task With_a_dependency_stopped_no_endpoint_answers_500(string dependency)
    {
        using var admin = await run.AdminClientAsync();
        var (_, secretId, signer) = await BuildRunContainer.ProvisionAsync(admin);
        using var anonymous = new HttpClient { BaseAddress = run.Url, Timeout = TimeSpan.FromSeconds(30) };
        var project = (await (await admin.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects")[0].GetProperty("id").GetString();
        var endpoints = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("login", () => anonymous.PostJsonAsync("/api/auth/login", new { email = "admin@localhost", password = run.AdminPassword })),
            ("me", () => admin.GetAsync("/api/me", Http.Ct)),
            ("list projects", () => admin.GetAsync("/api/projects", Http.Ct)),
            ("create secret", () => admin.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "s-" + Guid.NewGuid().ToString("N")[..8], value = "v" })),
            ("provision", () => admin.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true })),
            ("list machines", () => admin.GetAsync("/api/machines", Http.Ct)),
            ("audit", () => admin.GetAsync("/api/audit?limit=5", Http.Ct)),
            ("signed read", () => anonymous.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{secretId}"), Http.Ct)),
            ("signed list", () => anonymous.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, "/v1/secrets"), Http.Ct)),
        };

        await run.InfraAsync(dependency, "stop");
        var answers = new List<string>();
        try
        {
            foreach (var (name, send) in endpoints)
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync(Http.Ct);
                answers.Add($"{name}: {(int)response.StatusCode} {body}");
                Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name} with {dependency} stopped: {(int)response.StatusCode} {body}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.NotNull(response.Headers.RetryAfter?.Delta);
                    Assert.Contains("\"error\"", body, StringComparison.Ordinal);
                }
                else if (dependency == "postgres")
                    Assert.Fail($"{name} answered {(int)response.StatusCode} with PostgreSQL stopped: {body}");
            }
        }
        finally
        {
            await run.InfraAsync(dependency, "start");
        }
        TestContext.Current.SendDiagnosticMessage($"{dependency} stopped:\n" + string.Join('\n', answers));

        await Eventually.MatchAsync(() => BuildRunContainer.TryReadAsync(anonymous, signer, secretId), status => status == "200",
            TimeSpan.FromSeconds(90), $"signed reads recovering after {dependency} came back");
        await Eventually.MatchAsync(async () => (await admin.GetAsync("/api/machines", Http.Ct)).StatusCode, status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(90), $"the management API recovering after {dependency} came back");
    }
}
