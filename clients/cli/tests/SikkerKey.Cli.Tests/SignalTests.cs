using System.Diagnostics;
using SikkerKey.Cli.Running;
using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// The CLI as its own process (as PID 1 of a container it is what docker stop signals): SIGTERM and SIGINT reach the
/// command, and the CLI exits with the command's exit code.
/// </summary>
public class SignalTests
{
    [Theory]
    [InlineData(Posix.SIGTERM, "TERM")]
    [InlineData(Posix.SIGINT, "INT")]
    public async Task A_signal_to_the_cli_reaches_the_command(int signal, string name)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://db");
        var (ready, got) = (cli.File("ready"), cli.File("got"));
        var script = $"trap 'echo {name} > {got}; exit 42' {name}; echo \"$DATABASE_URL\" > {ready}; while :; do sleep 0.05; done";
        using var process = StartCli(cli, "run", "--all", "--", "sh", "-c", script);
        try
        {
            await Eventually.TrueAsync(() => Eventually.Lines(ready) is ["postgres://db"], "the command started with its secret");
            Posix.Send(process.Id, signal);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }
        finally
        {
            // A CLI that swallowed the signal would otherwise outlive the test, and its command with it.
            process.Kill(entireProcessTree: true);
        }

        Assert.Equal(42, process.ExitCode);
        Assert.Equal([name], Eventually.Lines(got));
        Assert.Equal("", await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    private static Process StartCli(CliHarness cli, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "SikkerKey.Cli"), args) { RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIKKERKEY_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in cli.Environment)
            start.Environment[name] = value;
        return Process.Start(start)!;
    }
}
