using System.Text.Json;
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
        // Node rather than sh's trap: a shell cannot trap a signal ignored when it started, and a suite started in the
        // background of a script (build/test &) starts everything with SIGINT ignored, which failed only this case.
        var script = $"const fs = require('fs'); process.on('SIG{name}', () => {{ fs.writeFileSync({JsonSerializer.Serialize(got)}, '{name}\\n'); process.exit(42); }}); "
            + $"fs.writeFileSync({JsonSerializer.Serialize(ready)}, process.env.DATABASE_URL + '\\n'); setInterval(() => {{ }}, 1000);";
        using var process = OwnProcess.Start(cli.Environment, Path.Combine(AppContext.BaseDirectory, "SikkerKey.Cli"), "run", "--all", "--", "node", "-e", script);

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
