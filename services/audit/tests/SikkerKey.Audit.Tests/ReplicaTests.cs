using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>Two audit replicas behind one gateway.</summary>
public sealed class TwoAuditReplicasFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, int>? Replicas => new Dictionary<string, int> { ["audit"] = 2 };
}

/// <summary>
/// Both replicas consume facts concurrently, yet a vault gets one gap-free chain: only the node holding the
/// daemon's lock appends to chains, and when it goes the other takes over where the last commit left off.
/// </summary>
public sealed class ReplicaTests(TwoAuditReplicasFixture fixture) : IClassFixture<TwoAuditReplicasFixture>
{
    [Fact]
    public async Task Concurrent_facts_on_two_replicas_form_one_chain_that_survives_losing_a_replica()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => owner.CreateProjectAsync($"burst-{i}")));
        await Eventually.MatchAsync(() => owner.EntriesAsync(), e => e.Count == 22, AuditLog.Patience, "vault, owner and twenty projects");

        Assert.Equal((true, 22L), await VerifyAsync(owner, fixture.System.Replicas("audit")[0]));
        Assert.Equal(Enumerable.Range(1, 22).Select(p => (long)p),
            await fixture.Infrastructure.QueryAsync<long>("SELECT position FROM audit.mt_doc_auditentry WHERE vault_id = @vault ORDER BY position", ("vault", owner.VaultId)));

        await fixture.System.Replicas("audit")[0].StopAsync();
        var survivor = fixture.System.Replicas("audit")[1];
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => owner.CreateProjectAsync($"after-{i}")));
        await Eventually.MatchAsync(async () => (await ReadAsync(owner, survivor, "/api/audit")).GetProperty("entries").GetArrayLength(), count => count == 27,
            AuditLog.Patience, "the surviving replica recording and chaining the later facts");

        Assert.Equal((true, 27L), await VerifyAsync(owner, survivor));
    }

    private async Task<(bool Valid, long Entries)> VerifyAsync(UserSession owner, ServiceProcess replica)
    {
        var result = await ReadAsync(owner, replica, "/api/audit/verify");
        return (result.GetProperty("valid").GetBoolean(), result.GetProperty("entries").GetInt64());
    }

    private async Task<JsonElement> ReadAsync(UserSession owner, ServiceProcess replica, string path) =>
        await fixture.System.ReadFromReplicaAsync(replica, await TestMachine.PrincipalOfAsync(owner), path);
}
