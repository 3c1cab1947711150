using SikkerKey.Testing;

namespace SikkerKey.ServiceDefaults.Tests.Backbone;

/// <summary>
/// Facts are committed to Marten first and forwarded afterwards, so a RabbitMQ outage delays
/// integration events but loses none. The broker here is a real node that is really stopped.
/// </summary>
public sealed class BrokerOutageTests(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_event_appended_while_the_broker_is_down_is_delivered_once_after_it_returns()
    {
        await using var broker = await DedicatedBroker.StartNewAsync();
        await using var host = await BackboneHost.StartAsync(infrastructure.Postgres, broker.RabbitMq);

        var before = Guid.NewGuid();
        await host.AppendProbeAsync(before);
        await Eventually.MatchAsync(() => host.ReceiptsAsync(before), r => r.Count == 1, Patience, "delivery with the broker up");

        await broker.StopAsync();
        var during = Guid.NewGuid();
        var sequence = await host.AppendProbeAsync(during);

        // The daemon has seen the event, yet the forwarder cannot move past it while the broker is away.
        await Eventually.MatchAsync(host.ProgressAsync, p => p.HighWater >= sequence, Patience, "daemon seeing the event");
        Assert.True((await host.ProgressAsync()).Forwarded < sequence);
        Assert.Empty(await host.ReceiptsAsync(during));

        await broker.StartAsync();
        var receipts = await Eventually.MatchAsync(() => host.ReceiptsAsync(during), r => r.Count > 0, Patience, "delivery after the outage");
        await Eventually.MatchAsync(host.ProgressAsync, p => p.Forwarded >= sequence, Patience, "forwarder passing the event");

        Assert.Single(receipts);
        Assert.Single(await host.ReceiptsAsync(during));
        Assert.Single(await host.ReceiptsAsync(before));
    }
}
