using Microsoft.Extensions.Time.Testing;
using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// <c>run --watch</c> with the CLI's and the server's clock faked together: each step moves both past one interval.
/// The command records each start (its DATABASE_URL) and its PID.
/// </summary>
public class WatchTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_changed_value_restarts_the_command_with_it()
    {
        var (time, cli, run) = await WatchingAsync();
        await using var _ = cli;

        cli.Api.Change("sk_db00000001", "v2");
        await Eventually.TrueAsync(() => Starts(cli) is ["v1", "v2"], "a restart with v2", () => time.Advance(Interval));
        var firstPid = Pids(cli)[0];
        cli.Api.Refuse("machine is disabled");
        var result = await FinishAsync(run, time);

        Assert.False(Directory.Exists($"/proc/{firstPid}"), "the first command was stopped");
        Assert.Contains("sikkerkey: secrets changed (DATABASE_URL); restarting the command", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_machine_stops_the_command_and_exits_non_zero()
    {
        var (time, cli, run) = await WatchingAsync();
        await using var _ = cli;

        cli.Api.Refuse("machine is disabled");
        var result = await FinishAsync(run, time);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SikkerKey refused this machine: machine is disabled (HTTP 401", result.Error, StringComparison.Ordinal);
        Assert.Contains("stopping the command", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/proc/{Pids(cli).Single()}"), "the command was stopped");
    }

    [Fact]
    public async Task A_withdrawn_grant_stops_the_command()
    {
        var (time, cli, run) = await WatchingAsync();
        await using var _ = cli;

        cli.Api.Deny("sk_db00000001");
        var result = await FinishAsync(run, time);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("this machine may no longer read secret sk_db00000001; stopping the command", result.Error, StringComparison.Ordinal);
        Assert.Equal(["v1"], Starts(cli));
    }

    [Fact]
    public async Task A_command_that_ends_by_itself_ends_the_watch_with_its_code()
    {
        var (_, cli) = await StartAsync();
        await using var __ = cli;

        var result = await cli.RunAsync("run", "--all", "--watch", "--", "sh", "-c", "exit 5");

        Assert.Equal(5, result.ExitCode);
    }

    private static async Task<(FakeTimeProvider Time, CliHarness Cli)> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cli = await CliHarness.StartAsync(time);
        cli.Api.Plain("sk_db00000001", "database url", "v1");
        return (time, cli);
    }

    /// <returns>The run, once its command has started.</returns>
    private static async Task<(FakeTimeProvider Time, CliHarness Cli, Task<CliResult> Run)> WatchingAsync()
    {
        var (time, cli) = await StartAsync();
        var run = cli.RunAsync(
            "run", "--all", "--watch", "--interval", $"{Interval.TotalSeconds}", "--",
            "sh", "-c", $"echo \"$DATABASE_URL\" >> '{cli.File("starts")}'; echo $$ >> '{cli.File("pids")}'; exec sleep 60");
        await Eventually.TrueAsync(() => Starts(cli) is ["v1"], "the first start");
        return (time, cli, run);
    }

    private static async Task<CliResult> FinishAsync(Task<CliResult> run, FakeTimeProvider time)
    {
        await Eventually.TrueAsync(() => run.IsCompleted, "the CLI to exit", () => time.Advance(Interval));
        return await run;
    }

    private static string[] Starts(CliHarness cli) => Eventually.Lines(cli.File("starts"));

    private static int[] Pids(CliHarness cli) => [.. Eventually.Lines(cli.File("pids")).Select(int.Parse)];
}
