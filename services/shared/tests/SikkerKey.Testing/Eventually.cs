using Xunit;

namespace SikkerKey.Testing;

/// <summary>Polls a condition that other processes make true (a broker, a daemon), with a deadline, never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} did not happen within {timeout}; last value: {value}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
