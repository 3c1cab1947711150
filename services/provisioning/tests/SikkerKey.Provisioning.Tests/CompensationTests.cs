using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>The services reach the secrets service through a <see cref="HttpFaultProxy"/> the tests can make fail.</summary>
public sealed class FaultySecretsFixture : SystemFixture
{
    public FaultySecretsFixture() => Proxy = new HttpFaultProxy(() => System?.Replicas("secrets")[0].Url);

    public HttpFaultProxy Proxy { get; }

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        // Service to service only: the gateway still routes to the secrets service directly.
        ["Services__secrets"] = Proxy.Url.ToString().TrimEnd('/'),
        // A call the proxy holds ends in the caller's timeout; shorter than the default 30 s to keep the test quick.
        ["SikkerKey__InternalCallTimeout"] = "00:00:05",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

/// <summary>
/// Issue 16: provisioning registers the machine with identity before the secrets service grants it its secrets. When
/// the grant fails after that, the machine is deleted again: nothing half-made remains (no machine, no name taken, no
/// quota slot, no bundle), and the user gets a clear 503 and can simply provision again.
/// </summary>
public sealed class CompensationTests(FaultySecretsFixture fixture) : IClassFixture<FaultySecretsFixture>
{
    [Theory]
    [InlineData("fails")]
    [InlineData("stops answering")]
    public async Task A_grant_failing_after_registration_leaves_nothing_half_made(string how)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "compensation" });
        var secret = await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        var body = new { machineName = "web-1", projectId = project, secretIds = new[] { secret } };

        // The dry run passes; the real grant for this project, after identity registered the machine, fails with a
        // 500 or is never answered (the provisioning service's call times out: that was once left half-made).
        Func<string, string, string, bool> realGrant = (method, path, json) => method == "POST" && path == "/internal/grants"
            && json.Contains("\"dryRun\":false", StringComparison.Ordinal) && json.Contains(project, StringComparison.Ordinal);
        var (failedBefore, hungBefore) = (fixture.Proxy.Failed, fixture.Proxy.Hung);
        if (how == "fails")
            fixture.Proxy.Fail = realGrant;
        else
            fixture.Proxy.Hang = realGrant;
        try
        {
            var refused = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", body)).AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("rolled back", refused, StringComparison.Ordinal);
            Assert.Equal(1, fixture.Proxy.Failed - failedBefore + fixture.Proxy.Hung - hungBefore);
        }
        finally
        {
            fixture.Proxy.Fail = fixture.Proxy.Hang = (_, _, _) => false;
        }

        // No machine is left, in any state, and the audit log says it was registered and deleted again.
        var machines = await (await owner.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync();
        Assert.Equal(0, machines.GetProperty("machines").GetArrayLength());
        var registered = await Eventually.MatchAsync(() => AuditActionsAsync(owner), actions => actions.Contains("machine_deleted"),
            TimeSpan.FromSeconds(60), "machine_registered and machine_deleted facts");
        Assert.Contains("machine_registered", registered);
        Assert.DoesNotContain("machine_provisioned", registered);

        // The name and the quota slot are free again: the same request now succeeds.
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", body)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal("web-1", provisioned.GetProperty("machineName").GetString());
        using var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    private static async Task<IReadOnlyList<string>> AuditActionsAsync(UserSession owner) =>
        (await (await owner.Client.GetAsync("/api/audit?limit=100", Http.Ct)).AssertOkAsync()).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()!).ToList();
}
