using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SikkerKey.ServiceDefaults.Background;
using SikkerKey.Testing;

namespace SikkerKey.ServiceDefaults.Tests.Background;

public sealed class PeriodicSweeperTests
{
    private sealed class CountingSweeper(TimeProvider time) : PeriodicSweeper(time, NullLogger.Instance)
    {
        private int sweeps;

        public SemaphoreSlim Swept { get; } = new(0);

        public int Sweeps => Volatile.Read(ref sweeps);

        protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

        /// <summary>The loop itself, inline: <c>StartAsync</c> would start it on another thread, after the clock may have moved.</summary>
        public Task RunAsync(CancellationToken cancellationToken) => ExecuteAsync(cancellationToken);

        public override Task<int> SweepAsync(CancellationToken cancellationToken)
        {
            var sweep = Interlocked.Increment(ref sweeps);
            Swept.Release();
            return sweep == 1 ? throw new InvalidOperationException("the first sweep fails") : Task.FromResult(0);
        }
    }

    [Fact]
    public async Task Sweeps_once_per_interval_of_its_clock_and_carries_on_after_a_failed_sweep()
    {
        var clock = new FakeTimeProvider();
        using var sweeper = new CountingSweeper(clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Http.Ct);
        var running = sweeper.RunAsync(stop.Token);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, sweeper.Sweeps);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await sweeper.Swept.WaitAsync(TimeSpan.FromSeconds(10), Http.Ct), "no sweep after one interval");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await sweeper.Swept.WaitAsync(TimeSpan.FromSeconds(10), Http.Ct), "no sweep after the failed one");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(2, sweeper.Sweeps);
    }
}
