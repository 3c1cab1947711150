using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Sdk.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddSikkerKey_registers_one_client_on_the_containers_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await using var f = await ClientFixture.StartAsync(serverTime: time);
        f.Server.Answer(Reply.Ok(new { value = "v" }));
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSikkerKey(o => o.Identity = f.Identity.IdentityFile)
            .BuildServiceProvider();

        var client = services.GetRequiredService<SikkerKeyClient>();
        await client.GetSecretAsync("sk_a1b2c3d4e5", TestContext.Current.CancellationToken);

        Assert.Same(client, services.GetRequiredService<SikkerKeyClient>());
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds().ToString(), Assert.Single(f.Server.Received).Headers["X-Timestamp"]);
    }
}
