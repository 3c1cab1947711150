namespace SikkerKey.Cli.Tests.Support;

/// <summary>Waits for what another process does (a file it writes, its exit), checking every few milliseconds.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <param name="step">Done before each check, e.g. moving a fake clock on.</param>
    /// <param name="limit">How long to wait (default 20 s); longer where a whole system of other processes must act.</param>
    public static async Task TrueAsync(Func<bool> condition, string what, Action? step = null, TimeSpan? limit = null)
    {
        limit ??= Limit;
        var deadline = DateTime.UtcNow + limit.Value;
        while (true)
        {
            step?.Invoke();
            if (condition())
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"not within {limit.Value.TotalSeconds} s: {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static string[] Lines(string file) => File.Exists(file) ? File.ReadAllLines(file) : [];
}
