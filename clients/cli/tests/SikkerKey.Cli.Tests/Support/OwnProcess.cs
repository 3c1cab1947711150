using System.Diagnostics;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// Starts a program (the CLI as its own process, npm…) with the test process's environment less its SIKKERKEY_*
/// variables, plus <c>environment</c>; its output is read by the test.
/// </summary>
internal static class OwnProcess
{
    public static Process Start(IReadOnlyDictionary<string, string?> environment, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIKKERKEY_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, string file, params string[] args)
    {
        using var process = Start(environment, file, args);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Waits for the exit; a process still running after <paramref name="limit"/> (default 20 s) is killed with its children, so that no test leaves one behind.</summary>
    public static async Task WaitOrKillAsync(Process process, TimeSpan? limit = null)
    {
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken)
                .WaitAsync(limit ?? TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
