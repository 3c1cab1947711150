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
        using var process = OwnProcess.Start(cli.Environment, Path.Combine(AppContext.BaseDirectory, "SikkerKey.Cli"), "run", "--all", "--", "sh", "-c", script);

        try
        {
            await Eventually.TrueAsync(() => Eventually.Lines(ready) is ["postgres://db"], "the command started with its secret");
            Posix.Send(process.Id, signal);
        }
        finally
        {
            await OwnProcess.WaitOrKillAsync(process);
        }

        Assert.Equal(42, process.ExitCode);
        Assert.Equal([name], Eventually.Lines(got));
        Assert.Equal("", await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
    }
}
