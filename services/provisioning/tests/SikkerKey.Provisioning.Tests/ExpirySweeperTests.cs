using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SikkerKey.Contracts.Provisioning;
using SikkerKey.Provisioning.Expiring;
using SikkerKey.Provisioning.Provisioning;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>The 15-minute expiry on the provisioning service's real store, with the clock moved instead of waited for.</summary>
public sealed class ExpirySweeperTests(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task A_bundle_not_downloaded_within_15_minutes_is_recorded_as_expired_once()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Postgres"] = infrastructure.Postgres;
        builder.Configuration["ConnectionStrings:RabbitMq"] = infrastructure.RabbitMq.ToString();
        builder.AddEventBackbone("provisioning", ProvisioningExtensions.ConfigureStore);
        using var host = builder.Build();
        await host.StartAsync(Http.Ct);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        // A whole second: PostgreSQL keeps microseconds, so a tick-precise start would round past the boundary.
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sweeper = new ExpirySweeper(store, clock, NullLogger<ExpirySweeper>.Instance);
        var waiting = await ProvisionAsync(store, clock.GetUtcNow());
        var fetched = await ProvisionAsync(store, clock.GetUtcNow());
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(fetched.ToString(), new BundleDownloaded(fetched, Guid.NewGuid(), "vault_t", Guid.NewGuid(), "127.0.0.1", clock.GetUtcNow()));
            await session.SaveChangesAsync(Http.Ct);
        }

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sweeper.SweepAsync(Http.Ct));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sweeper.SweepAsync(Http.Ct));
        Assert.Equal(0, await sweeper.SweepAsync(Http.Ct));

        await using var query = store.QuerySession();
        Assert.Equal(clock.GetUtcNow(), (await query.LoadAsync<ContainerProvisioning>(waiting.ToString(), Http.Ct))!.ExpiredAt);
        Assert.Null((await query.LoadAsync<ContainerProvisioning>(fetched.ToString(), Http.Ct))!.ExpiredAt);
        await host.StopAsync(Http.Ct);
    }

    private static async Task<Guid> ProvisionAsync(IDocumentStore store, DateTimeOffset now)
    {
        var id = Guid.NewGuid();
        await using var session = store.LightweightSession();
        session.Events.StartStream<ContainerProvisioning>(id.ToString(), new MachineProvisioned(id, Guid.NewGuid(), "vault_t", "proj_t", "docker-test",
            ["sk_t"], Guid.NewGuid(), now + new ProvisioningOptions().BundleDownloadWindow, now));
        await session.SaveChangesAsync(Http.Ct);
        return id;
    }
}
