using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>Replicas come from configuration; readiness follows the services behind the gateway.</summary>
public sealed class ReadinessTests(ScaledSystemFixture fixture) : IClassFixture<ScaledSystemFixture>
{
    [Fact]
    public async Task Requests_spread_over_configured_replicas_and_readiness_falls_when_a_service_is_gone()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var client = owner.Client;
        var replicas = fixture.System.Replicas("secrets");
        Assert.Equal(2, replicas.Count);

        // A replica that came up after the gateway's first health probe joins the rotation on a later probe.
        var request = 0;
        await Eventually.MatchAsync(async () =>
            {
                (await client.GetAsync($"/api/projects/spread-{request++}", TestContext.Current.CancellationToken)).Dispose();
                return replicas.Count(r => r.Output.Any(l => l.Contains("/api/projects/spread-", StringComparison.Ordinal)));
            },
            served => served == replicas.Count, TimeSpan.FromSeconds(30), "every replica serving a share of the requests");

        // One of two secrets replicas gone: still ready. The only audit replica gone: not ready.
        await replicas[0].StopAsync();
        using (var stillReady = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.OK, stillReady.StatusCode);

        await fixture.System.Replicas("audit").Single().StopAsync();
        using var notReady = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);

        using var proxied = await client.GetAsync("/api/audit/anything", TestContext.Current.CancellationToken);
        Assert.True(proxied.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"got {proxied.StatusCode}");
        await RoutingTests.AssertJsonErrorAsync(proxied);
    }
}
