using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.ServiceDefaults.Tests.Backbone;

/// <summary>A real host wired exactly as a service is (<see cref="EventBackboneExtensions.AddEventBackbone"/>), with a probe consumer.</summary>
internal sealed class BackboneHost(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    public static async Task<BackboneHost> StartAsync(string postgres, Uri rabbitMq)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Postgres"] = postgres;
        builder.Configuration["ConnectionStrings:RabbitMq"] = rabbitMq.ToString();
        builder.AddEventBackbone("backbone", configureBus: bus => bus.AddConsumer<ProbeConsumer>());
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new BackboneHost(host);
    }

    /// <summary>Appends a probe as a service appends its facts and returns the event's global sequence.</summary>
    public async Task<long> AppendProbeAsync(Guid probeId)
    {
        await using var session = Store.LightweightSession();
        var stream = session.Events.StartStream(Guid.NewGuid().ToString("N"), new ProbeRecorded(probeId, "vault_test", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        return stream.Events.Single().Sequence;
    }

    public async Task<IReadOnlyList<ProbeReceipt>> ReceiptsAsync(Guid probeId)
    {
        await using var query = Store.QuerySession();
        return await query.Query<ProbeReceipt>().Where(r => r.ProbeId == probeId).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>How far the forwarding subscription and the daemon's high-water mark have got.</summary>
    public async Task<(long Forwarded, long HighWater)> ProgressAsync()
    {
        var progress = await Store.Advanced.AllProjectionProgress(token: TestContext.Current.CancellationToken);
        long Of(Func<ShardState, bool> match) => progress.Where(match).Select(p => p.Sequence).DefaultIfEmpty(0).Max();
        return (Of(p => p.ShardName.StartsWith(IntegrationEventForwarder.SubscriptionName, StringComparison.Ordinal)),
                Of(p => p.ShardName == ShardState.HighWaterMark));
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
