using MassTransit;
using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// A contract added by another service after this one was built is still audited, by convention and without
/// the fields it does not know; and a message delivered twice is one entry.
/// </summary>
public sealed class RedeliveryTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task A_new_contract_is_audited_by_convention_and_its_redelivery_records_nothing()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await using var bus = await TestBus.StartAsync(fixture.Infrastructure.RabbitMq);
        var messageId = NewId.NextGuid();
        var machineId = Guid.NewGuid();
        var fact = new ContainerRestarted(machineId, owner.VaultId, "oom-killed", "-----BEGIN PRIVATE KEY----- MC4CAQAw", Guid.Parse(owner.UserId), DateTimeOffset.UtcNow);

        await bus.PublishAsync(fact, messageId);
        // Unfiltered first: an action no contract of this build has is refused as a typo until the chain holds one.
        var entry = await owner.EntryAsync("", e => e.Text("id") == messageId.ToString(), "the new contract's entry");
        Assert.Equal("container_restarted", entry.Text("action"));
        await bus.PublishAsync(fact, messageId);
        await Eventually.MatchAsync(() => Task.FromResult(fixture.System.Replicas("audit").SelectMany(r => r.Output).Any(l => l.Contains($"Skipped message {messageId}", StringComparison.Ordinal))),
            skipped => skipped, AuditLog.Patience, "the audit service skipping the redelivery");

        Assert.Equal(("user", owner.UserId, machineId.ToString(), "info"), (entry.Text("actorKind"), entry.Text("actorId"), entry.Text("machineId"), entry.Text("severity")));
        Assert.Equal("reason: oom-killed", entry.Text("detail"));
        Assert.DoesNotContain("PRIVATE KEY", entry.GetRawText(), StringComparison.Ordinal);
        Assert.Single(await owner.EntriesAsync("&action=container_restarted"));
        Assert.Equal(1L, await FactEventsAsync(messageId));
        Assert.True((await (await owner.Client.GetAsync("/api/audit/verify", Http.Ct)).AssertOkAsync()).GetProperty("valid").GetBoolean());
    }

    private async Task<long> FactEventsAsync(Guid messageId)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit.mt_events WHERE data->>'Id' = @id", connection);
        command.Parameters.AddWithValue("id", messageId.ToString());
        return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
    }
}
