using Microsoft.Extensions.Time.Testing;

namespace SikkerKey.Sdk.Tests.Support;

/// <summary>Fake time that says when something starts waiting on it, so a test can step a background loop exactly.</summary>
internal sealed class SteppedTime : FakeTimeProvider
{
    private readonly SemaphoreSlim _waits = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _waits.Release();
        return timer;
    }

    /// <summary>Waits until the loop is waiting on this clock, then moves the clock on by <paramref name="step"/>.</summary>
    public async Task StepAsync(TimeSpan step)
    {
        await _waits.WaitAsync(TestContext.Current.CancellationToken);
        Advance(step);
    }

    public Task NextWaitAsync() => _waits.WaitAsync(TestContext.Current.CancellationToken);
}
