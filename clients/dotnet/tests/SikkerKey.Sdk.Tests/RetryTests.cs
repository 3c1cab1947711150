using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.Support.Reply;

namespace SikkerKey.Sdk.Tests;

public class RetryTests
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retries_503_and_429_after_1_2_and_4_seconds_signing_each_attempt_afresh()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Server.Answer(Error(503, "sealed"), Error(429, "slow down"), Error(503, "sealed"), Ok(new { value = "postgres://db" }));

        var value = await f.Client.GetSecretAsync("sk_a1b2c3d4e5", Ct);

        Assert.Equal("postgres://db", value);
        Assert.Equal(Backoff, Waits(f));
        Assert.Equal(4, f.Server.Received.Count);
        Assert.All(f.Server.Received, r => Assert.True(r.Verification.IsSuccess, r.Verification.Error?.Message));
        Assert.Equal(4, f.Server.Received.Select(r => r.Nonce).Distinct().Count());
    }

    [Theory]
    [InlineData(503, typeof(ServerSealedException))]
    [InlineData(429, typeof(RateLimitedException))]
    public async Task Gives_up_after_three_retries_with_the_servers_message(int status, Type expected)
    {
        await using var f = await ClientFixture.StartAsync();
        f.Server.Answer(Error(status, "try later"));

        var error = await Assert.ThrowsAnyAsync<SikkerKeyException>(() => f.Client.GetSecretAsync("sk_a1b2c3d4e5", Ct));

        Assert.IsType(expected, error);
        Assert.Equal(("try later", status), (error.Message, error.StatusCode));
        Assert.Equal(4, f.Server.Received.Count);
        Assert.Equal(Backoff, Waits(f));
    }

    [Fact]
    public async Task Retries_when_the_server_cannot_be_reached_then_says_where_it_tried()
    {
        var time = new RecordingTimeProvider();
        var closedPort = Ports.Closed();
        using var identity = IdentityFolder.Create($"http://127.0.0.1:{closedPort}");
        using var client = new SikkerKeyClient(new SikkerKeyOptions { Identity = identity.IdentityFile, TimeProvider = time });

        var error = await Assert.ThrowsAsync<ConnectionException>(() => client.ListSecretsAsync(Ct));

        Assert.Contains($"Could not reach SikkerKey at http://127.0.0.1:{closedPort}/", error.Message, StringComparison.Ordinal);
        Assert.Equal(Backoff, time.Waits);
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_is_retried()
    {
        await using var f = await ClientFixture.StartAsync(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var calls = 0;
        f.Server.Handler = async (_, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                await Task.Delay(Timeout.Infinite, ct);
            return Ok(new { value = "v" });
        };

        Assert.Equal("v", await f.Client.GetSecretAsync("sk_a1b2c3d4e5", Ct));
        Assert.Equal([TimeSpan.FromSeconds(1)], Waits(f));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_connection_error_naming_the_timeout()
    {
        await using var f = await ClientFixture.StartAsync(o => (o.Timeout, o.RetryDelays) = (TimeSpan.FromMilliseconds(200), []));
        f.Server.Handler = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return Ok(new { }); };

        var error = await Assert.ThrowsAsync<ConnectionException>(() => f.Client.GetSecretAsync("sk_a1b2c3d4e5", Ct));

        Assert.Contains("no answer within 0.2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        await using var f = await ClientFixture.StartAsync();
        using var cancel = new CancellationTokenSource();
        f.Server.Handler = async (_, ct) => { await cancel.CancelAsync(); await Task.Delay(Timeout.Infinite, ct); return Ok(new { }); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => f.Client.GetSecretAsync("sk_a1b2c3d4e5", cancel.Token));

        Assert.Single(f.Server.Received);
        Assert.Empty(Waits(f));
    }

    private static IReadOnlyList<TimeSpan> Waits(ClientFixture f) => ((RecordingTimeProvider)f.Options.TimeProvider).Waits;
}
