using System.Net;
using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>A plan large enough for a fleet of 64 containers, on the connection pool build/run and compose give each service.</summary>
public sealed class FleetQuotaFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Plan__DefaultMachineQuota"] = "64",
        ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(Infrastructure.Postgres) { MaxPoolSize = 20 }.ConnectionString,
    };
}

/// <summary>
/// A deploy script provisions its fleet at once, 32 containers in flight through the gateway: every one within the
/// quota succeeds, every one past it is a clear 409, and none is told to come back later.
/// </summary>
public sealed class FleetProvisioningTests(SystemFixture defaultPlan, FleetQuotaFixture fleetPlan) : IClassFixture<FleetQuotaFixture>
{
    private const int Fleet = 64;
    private const int InFlight = 32;

    [Fact]
    public async Task A_fleet_within_the_quota_is_provisioned_in_parallel_in_full()
    {
        // While the fleet queues for the vault's quota slots, the queue stays in the identity service's memory: at
        // most one registration per replica waits on the database lock (and holds a pooled connection to do so).
        // When all 32 waited there, a pool of 20 ran dry and the replica stopped answering everyone else.
        using var sampling = new CancellationTokenSource();
        var waiters = SampleLockWaitersAsync(fleetPlan.Infrastructure.Postgres, sampling.Token);
        var (owner, statuses) = await ProvisionFleetAsync(fleetPlan.System);
        await sampling.CancelAsync();

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s.Status));
        Assert.Equal(Fleet, await MachineCountAsync(owner));
        Assert.InRange(await waiters, 0, fleetPlan.System.Replicas("identity").Count);
        owner.Dispose();
    }

    /// <summary>The most sessions seen waiting for an advisory lock in the system's database at once.</summary>
    private static async Task<long> SampleLockWaitersAsync(string postgres, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Http.Ct);
        await using var count = new NpgsqlCommand("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        var most = 0L;
        while (!stop.IsCancellationRequested)
        {
            most = Math.Max(most, (long)(await count.ExecuteScalarAsync(Http.Ct))!);
            await Task.Delay(5, CancellationToken.None);
        }
        return most;
    }

    [Fact]
    public async Task A_fleet_past_the_quota_gets_exactly_the_quota_and_clear_conflicts_for_the_rest()
    {
        var (owner, statuses) = await ProvisionFleetAsync(defaultPlan.System);

        Assert.Equal(25, statuses.Count(s => s.Status == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s.Status != HttpStatusCode.Created), s =>
        {
            Assert.Equal(HttpStatusCode.Conflict, s.Status);
            Assert.StartsWith("machine quota reached (25 of 25)", s.Body, StringComparison.Ordinal);
        });
        Assert.Equal(25, await MachineCountAsync(owner));
        owner.Dispose();
    }

    private static async Task<(UserSession Owner, (HttpStatusCode Status, string Body)[] Statuses)> ProvisionFleetAsync(SikkerKeySystem system)
    {
        var owner = await UserSession.SignUpAsync(system);
        var project = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "fleet" });
        var secret = await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "database-url", value = "postgres://db" });
        using var gate = new SemaphoreSlim(InFlight);
        var statuses = await Task.WhenAll(Enumerable.Range(0, Fleet).Select(async _ =>
        {
            await gate.WaitAsync(Http.Ct);
            try
            {
                using var response = await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { secret } });
                var body = response.StatusCode == HttpStatusCode.Created ? "" : await response.AssertErrorAsync(response.StatusCode);
                return (response.StatusCode, body);
            }
            finally
            {
                gate.Release();
            }
        }));
        return (owner, statuses);
    }

    private static async Task<int> MachineCountAsync(UserSession owner) =>
        (await (await owner.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync()).GetProperty("machines").GetArrayLength();
}
