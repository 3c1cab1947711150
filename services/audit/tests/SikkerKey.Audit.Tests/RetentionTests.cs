using MassTransit;
using SikkerKey.Contracts.Projects;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// Entries older than <c>SikkerKey:Audit:RetentionDays</c> (365 by default) go, with the facts they came from;
/// the chain still verifies from its anchor. The vault here exists only in the log, so its first facts can be
/// a year old: they are published as the secrets service would have published them then.
/// </summary>
public sealed class RetentionTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task Entries_past_retention_are_removed_with_their_facts_and_the_rest_still_verifies()
    {
        var vaultId = "vault_" + Guid.NewGuid().ToString("N")[..12];
        var creator = Guid.NewGuid();
        await using var bus = await TestBus.StartAsync(fixture.Infrastructure.RabbitMq);
        var old = Enumerable.Range(0, 3).Select(_ => NewId.NextGuid()).ToList();
        foreach (var (id, i) in old.Select((id, i) => (id, i)))
            await bus.PublishAsync(new ProjectCreated($"proj_old{i}", vaultId, $"old-{i}", creator, DateTimeOffset.UtcNow.AddDays(-400 + i)), id);

        await Eventually.MatchAsync(() => fixture.Infrastructure.QueryAsync<long>(
                "SELECT (data->>'Position')::bigint FROM audit.mt_doc_chainanchor WHERE id = @vault", ("vault", vaultId)),
            anchor => anchor.SequenceEqual([3L]), AuditLog.Patience, "the sweeper removing three year-old entries");
        var recent = Enumerable.Range(0, 2).Select(_ => NewId.NextGuid()).ToList();
        foreach (var (id, i) in recent.Select((id, i) => (id, i)))
            await bus.PublishAsync(new ProjectCreated($"proj_new{i}", vaultId, $"new-{i}", creator, DateTimeOffset.UtcNow), id);
        await Eventually.MatchAsync(() => fixture.Infrastructure.ChainAsync(vaultId), chain => chain.Count == 2, AuditLog.Patience, "the recent entries");

        var verified = await ReadAsync(vaultId, "/api/audit/verify");
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
        Assert.Equal(2, verified.GetProperty("entries").GetInt64());
        var listed = (await ReadAsync(vaultId, "/api/audit")).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetGuid());
        Assert.Equal(recent.ToHashSet(), listed.ToHashSet());
        var remainingFacts = await fixture.Infrastructure.QueryAsync<long>("SELECT count(*) FROM audit.mt_events WHERE stream_id = ANY(@ids)",
            ("ids", old.Concat(recent).Select(id => id.ToString()).ToArray()));
        Assert.Equal([2L], remainingFacts);
    }

    /// <summary>As an auditor of that vault, which no user of the system belongs to.</summary>
    private Task<System.Text.Json.JsonElement> ReadAsync(string vaultId, string path) =>
        fixture.System.ReadFromReplicaAsync(fixture.System.Replicas("audit")[0], new Principal(PrincipalKind.User, Guid.NewGuid().ToString(), vaultId, Roles.Auditor), path);
}
