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
        var remainingFacts = await fixture.Infrastructure.QueryAsync<long>("SELECT count(*) FROM audit.mt_events WHERE data->>'Id' = ANY(@ids)",
            ("ids", old.Concat(recent).Select(id => id.ToString()).ToArray()));
        Assert.Equal([2L], remainingFacts);
    }

    /// <summary>
    /// The recorder stores each batch of messages as one event stream (issue 15), so a stream can hold expired facts and
    /// recent ones: retention deletes only the expired facts' events and keeps the stream while any fact is left. Fails
    /// when retention removes a stream whole (the recent facts vanish from the event store).
    /// </summary>
    [Fact]
    public async Task Retention_keeps_the_recent_facts_that_share_a_stream_with_expired_ones()
    {
        await using var bus = await TestBus.StartAsync(fixture.Infrastructure.RabbitMq);
        var creator = Guid.NewGuid();
        // A batch forms from what is queued together; published back to back, old then recent, they usually share one.
        // The precondition is checked, not assumed: another vault is tried when they did not.
        for (var attempt = 1; ; attempt++)
        {
            var vaultId = "vault_" + Guid.NewGuid().ToString("N")[..12];
            var old = Enumerable.Range(0, 3).Select(_ => NewId.NextGuid()).ToList();
            var recent = Enumerable.Range(0, 2).Select(_ => NewId.NextGuid()).ToList();
            foreach (var (id, i) in old.Select((id, i) => (id, i)))
                await bus.PublishAsync(new ProjectCreated($"proj_old{i}", vaultId, $"old-{i}", creator, DateTimeOffset.UtcNow.AddDays(-400 + i)), id);
            foreach (var (id, i) in recent.Select((id, i) => (id, i)))
                await bus.PublishAsync(new ProjectCreated($"proj_new{i}", vaultId, $"new-{i}", creator, DateTimeOffset.UtcNow), id);

            // A chain of two can be passing: concurrent batches {old2, new0, new1} and {old0, old1} may commit in that order,
            // and the sweep leaves two entries before the other batch is in the log. So: all five in the log first, then
            // the sweep done (it takes the leading expired run in one transaction, so the chain then starts with a recent one).
            await Eventually.MatchAsync(() => fixture.Infrastructure.QueryAsync<long>(
                    "SELECT (data->>'Position')::bigint FROM audit.mt_doc_chainhead WHERE id = @vault", ("vault", vaultId)),
                head => head.SequenceEqual([5L]), AuditLog.Patience, "all five facts in the log");
            var chain = await Eventually.MatchAsync(() => fixture.Infrastructure.ChainAsync(vaultId),
                chain => chain.Count > 0 && !old.Contains(chain[0]), AuditLog.Patience, "retention taking the leading expired entries");
            var streams = await fixture.Infrastructure.QueryAsync<string>(
                "SELECT data->>'FactStream' FROM audit.mt_doc_auditentry WHERE vault_id = @vault", ("vault", vaultId));
            // Preconditions: the old facts came first in the chain (else an old one waits behind a recent one, by design)
            // and an old fact's batch holds a recent one.
            if (!chain.Order().SequenceEqual(recent.Order()) || !streams.Any(stream => old.Select(id => id.ToString()).Contains(stream)))
            {
                Assert.True(attempt < 5, "five tries and the old and recent facts never shared a batch in chain order");
                continue;
            }

            var factIds = old.Concat(recent).Select(id => id.ToString()).ToArray();
            var remaining = await fixture.Infrastructure.QueryAsync<string>("SELECT data->>'Id' FROM audit.mt_events WHERE data->>'Id' = ANY(@ids)", ("ids", factIds));
            Assert.Equal(recent.Select(id => id.ToString()).Order(), remaining.Order());
            // The streams holding a recent fact stay; a stream left with no fact goes.
            Assert.Equal([(long)streams.Distinct().Count()], await fixture.Infrastructure.QueryAsync<long>(
                "SELECT count(*) FROM audit.mt_streams WHERE id = ANY(@ids)", ("ids", streams.Distinct().ToArray())));
            Assert.Equal([0L], await fixture.Infrastructure.QueryAsync<long>("""
                SELECT count(*) FROM audit.mt_streams s WHERE s.id = ANY(@ids)
                AND NOT EXISTS (SELECT 1 FROM audit.mt_events e WHERE e.stream_id = s.id)
                """, ("ids", factIds)));
            var verified = await ReadAsync(vaultId, "/api/audit/verify");
            Assert.True(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
            return;
        }
    }

    /// <summary>As an auditor of that vault, which no user of the system belongs to.</summary>
    private Task<System.Text.Json.JsonElement> ReadAsync(string vaultId, string path) =>
        fixture.System.ReadFromReplicaAsync(fixture.System.Replicas("audit")[0], new Principal(PrincipalKind.User, Guid.NewGuid().ToString(), vaultId, Roles.Auditor), path);
}
