using System.Collections.Concurrent;
using MassTransit;
using Npgsql;
using SikkerKey.Contracts.Projects;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// Issue 15: each service's daemon is woken by its own store's appends only (<see cref="EventAppendNotifications"/>).
/// Marten's one channel for every schema woke the identity, secrets and provisioning daemons on each batch of facts
/// the audit service appended.
/// </summary>
public sealed class EventAppendNotificationTests(AuditSystemFixture fixture)
{
    private static readonly string[] Schemas = ["identity", "provisioning", "secrets", "audit"];

    private const string MartensChannel = "mt_events_appended";

    [Fact]
    public async Task Every_service_listens_on_its_own_channel_and_none_on_martens_shared_one()
    {
        var listening = await Eventually.MatchAsync(ListenersAsync, l => Schemas.All(s => l.Contains(("sikkerkey-" + s, EventAppendNotifications.ChannelOf(s)))),
            AuditLog.Patience, "each service's daemon listening on its own channel");

        // The services' connections only (a test's own pooled listener may show too).
        var services = listening.Where(l => l.Application.StartsWith("sikkerkey-", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(services, l => l.Channel == MartensChannel);
        Assert.All(services, l => Assert.Equal(EventAppendNotifications.ChannelOf(l.Application["sikkerkey-".Length..]), l.Channel));
    }

    [Fact]
    public async Task A_fact_the_audit_service_appends_notifies_its_channel_and_not_martens_shared_one()
    {
        await using var listener = await fixture.Infrastructure.OpenAsync();
        var heard = new ConcurrentBag<string>();
        listener.Notification += (_, e) => heard.Add(e.Channel);
        foreach (var channel in Schemas.Select(EventAppendNotifications.ChannelOf).Append(MartensChannel))
            await ExecuteAsync(listener, $"LISTEN {channel}");

        await using var bus = await TestBus.StartAsync(fixture.Infrastructure.RabbitMq);
        var vaultId = "vault_" + Guid.NewGuid().ToString("N")[..12];
        await bus.PublishAsync(new ProjectCreated("proj_notified", vaultId, "notified", Guid.NewGuid(), DateTimeOffset.UtcNow), NewId.NextGuid());
        using var patience = new CancellationTokenSource(AuditLog.Patience);
        while (!heard.Contains(EventAppendNotifications.ChannelOf("audit")))
            await listener.WaitAsync(patience.Token);
        await Eventually.MatchAsync(() => fixture.Infrastructure.ChainAsync(vaultId), chain => chain.Count == 1, AuditLog.Patience, "the fact in the log");
        // Notifications of one commit arrive together but are read one at a time: read whatever else came.
        while (await listener.WaitAsync(TimeSpan.FromSeconds(1), Http.Ct))
        {
        }

        Assert.DoesNotContain(MartensChannel, heard);
    }

    private async Task<List<(string Application, string Channel)>> ListenersAsync()
    {
        // A connection whose last statement was a LISTEN and that has sent nothing since: a wake-up's connection.
        var rows = await fixture.Infrastructure.QueryAsync<string>("""
            SELECT application_name || ' ' || substring(query FROM '^LISTEN\s+"?([A-Za-z0-9_]+)') FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'idle' AND query ~* '^LISTEN\s'
            """);
        return rows.Select(r => r.Split(' ', 2)).Select(p => (p[0], p[1])).ToList();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Http.Ct);
    }
}
