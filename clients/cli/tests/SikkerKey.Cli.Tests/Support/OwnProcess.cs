using System.Diagnostics;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>Starts a program (the CLI as its own process, npm…) with the harness's SIKKERKEY_* variables only, its output read by the test.</summary>
internal static class OwnProcess
{
    public static Process Start(CliHarness cli, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIKKERKEY_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in cli.Environment)
            start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static async Task<CliResult> RunAsync(CliHarness cli, string file, params string[] args)
    {
        using var process = Start(cli, file, args);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Waits for the exit; a process still running after 20 s is killed with its children, so that no test leaves one behind.</summary>
    public static async Task WaitOrKillAsync(Process process)
    {
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
