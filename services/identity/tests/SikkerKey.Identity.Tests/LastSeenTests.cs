using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>
/// A machine's last-seen time is written at most once per interval (issue 15), decided from the stored row: requests
/// inside the interval leave it, the first one after it moves it again.
/// </summary>
public sealed class LastSeenTests(SystemFixture fixture)
{
    /// <summary>VerifyRequestEndpoint.LastSeenInterval.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Last_seen_is_written_once_per_interval_and_moves_again_after_it()
    {
        var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "p-" + Guid.NewGuid().ToString("N")[..8]);
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        using var client = fixture.System.CreateClient();
        async Task ReadAsync() => Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(machine.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).StatusCode);
        async Task<DateTimeOffset?> LastSeenAsync()
        {
            var view = await (await owner.Client.GetAsync($"/api/machines/{machine.Id}", Http.Ct)).AssertOkAsync();
            return view.TryGetProperty("lastSeenAt", out var at) && at.ValueKind == System.Text.Json.JsonValueKind.String ? at.GetDateTimeOffset() : null;
        }

        await ReadAsync();
        var first = await LastSeenAsync();
        Assert.NotNull(first);

        var secondSent = DateTimeOffset.UtcNow;
        await ReadAsync();
        // Only meaningful while the second request is still inside the interval; a stalled machine may take longer.
        if (secondSent - first.Value < Interval - TimeSpan.FromSeconds(1))
            Assert.Equal(first, await LastSeenAsync());

        var wait = first.Value + Interval + TimeSpan.FromMilliseconds(200) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, Http.Ct);
        await ReadAsync();
        Assert.True(await LastSeenAsync() > first, "last-seen moves again once the interval has passed");
    }
}
