using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SikkerKey.Testing;

namespace SikkerKey.ServiceDefaults.Tests.Backbone;

public sealed class IdempotencyTests(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task The_same_message_delivered_twice_is_handled_once()
    {
        using var duplicates = new DuplicateCounter();
        await using var host = await BackboneHost.StartAsync(infrastructure.Postgres, infrastructure.RabbitMq);
        var bus = host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var probe = new ProbeRecorded(Guid.NewGuid(), "vault_test", DateTimeOffset.UtcNow);

        await bus.Publish(probe, context => context.MessageId = messageId, TestContext.Current.CancellationToken);
        await Eventually.MatchAsync(() => host.ReceiptsAsync(probe.ProbeId), r => r.Count == 1, TimeSpan.FromSeconds(60), "first delivery");
        await bus.Publish(probe, context => context.MessageId = messageId, TestContext.Current.CancellationToken);
        await duplicates.Skipped.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var receipts = await host.ReceiptsAsync(probe.ProbeId);
        Assert.Equal(messageId, Assert.Single(receipts).MessageId);
    }

    [Fact]
    public async Task The_forwarder_uses_the_marten_event_id_as_message_id()
    {
        await using var host = await BackboneHost.StartAsync(infrastructure.Postgres, infrastructure.RabbitMq);
        var probeId = Guid.NewGuid();
        await host.AppendProbeAsync(probeId);

        var receipt = (await Eventually.MatchAsync(() => host.ReceiptsAsync(probeId), r => r.Count == 1, TimeSpan.FromSeconds(60), "delivery")).Single();
        await using var query = host.Store.QuerySession();
        var events = await Marten.QueryableExtensions.ToListAsync(query.Events.QueryAllRawEvents(), TestContext.Current.CancellationToken);
        Assert.Contains(events, e => e.Data is ProbeRecorded p && p.ProbeId == probeId && e.Id == receipt.MessageId);
    }

    /// <summary>Completes when the idempotency filter reports a skipped duplicate.</summary>
    private sealed class DuplicateCounter : IDisposable
    {
        private readonly MeterListener listener = new();

        public DuplicateCounter()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "sikkerkey.bus.duplicates_skipped")
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, _, _, _) => Skipped.TrySetResult());
            listener.Start();
        }

        public TaskCompletionSource Skipped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => listener.Dispose();
    }
}
