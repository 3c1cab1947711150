using MassTransit;
using SikkerKey.Contracts.Projects;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// Issue 15: the recorder stores a batch of messages as one event stream, not a stream per fact (a stream start was
/// PostgreSQL's largest cost per read in audit), and each entry names the event it came from, which retention deletes.
/// </summary>
public sealed class FactStreamTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task Facts_arriving_together_share_a_stream_and_each_entry_names_its_own_event()
    {
        var vaultId = "vault_" + Guid.NewGuid().ToString("N")[..12];
        var creator = Guid.NewGuid();
        await using var bus = await TestBus.StartAsync(fixture.Infrastructure.RabbitMq);
        var ids = Enumerable.Range(0, 20).Select(_ => NewId.NextGuid()).ToList();
        await Task.WhenAll(ids.Select((id, i) =>
            bus.PublishAsync(new ProjectCreated($"proj_{i}", vaultId, $"p-{i}", creator, DateTimeOffset.UtcNow), id)));
        await Eventually.MatchAsync(() => fixture.Infrastructure.ChainAsync(vaultId), chain => chain.Count == ids.Count, AuditLog.Patience, "every fact in the log");

        // The event each entry names holds that entry's fact: retention deletes by exactly this pair.
        var named = await fixture.Infrastructure.QueryAsync<string>("""
            SELECT e.data->>'Id' FROM audit.mt_doc_auditentry a
            JOIN audit.mt_events e ON e.stream_id = a.data->>'FactStream' AND e.version = (a.data->>'FactVersion')::bigint
            WHERE a.vault_id = @vault AND e.data->>'Id' = a.id::text
            """, ("vault", vaultId));
        Assert.Equal(ids.Select(id => id.ToString()).Order(), named.Order());
        var streams = await fixture.Infrastructure.QueryAsync<long>(
            "SELECT count(DISTINCT data->>'FactStream') FROM audit.mt_doc_auditentry WHERE vault_id = @vault", ("vault", vaultId));
        Assert.True(streams[0] < ids.Count, $"{ids.Count} facts published together were stored in {streams[0]} streams");
    }
}
