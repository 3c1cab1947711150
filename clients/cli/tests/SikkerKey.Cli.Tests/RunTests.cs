using SikkerKey.Cli.Tests.Support;
using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>The command's exit code is the CLI's; a command that cannot start gets a shell's code and a clear message.</summary>
public class RunTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public async Task Exits_with_the_command_exit_code(int code)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://db");

        var result = await cli.RunAsync("run", "--all", "--", "sh", "-c", $"test \"$DATABASE_URL\" = postgres://db && exit {code}; exit 99");

        Assert.Equal(code, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Arguments_after_the_double_dash_reach_the_command_unchanged()
    {
        await using var cli = await CliHarness.StartAsync();
        var args = cli.File("args");
        string[] passed = ["--all", "-e", "@response-file", "--help", "two words", "$HOME", ""];

        var result = await cli.RunAsync(["run", "--all", "--", "sh", "-c", $"printf '%s\\n' \"$@\" > '{args}'", "sh", .. passed]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(passed, Eventually.Lines(args));
    }

    [Fact]
    public async Task A_command_killed_by_a_signal_gives_128_plus_the_signal()
    {
        await using var cli = await CliHarness.StartAsync();

        var result = await cli.RunAsync("run", "--all", "--", "sh", "-c", "kill -KILL $$");

        Assert.Equal(128 + 9, result.ExitCode);
    }

    [Fact]
    public async Task A_command_that_does_not_exist_exits_127()
    {
        await using var cli = await CliHarness.StartAsync();

        var result = await cli.RunAsync("run", "--all", "--", "sikkerkey-no-such-command", "--flag");

        Assert.Equal(127, result.ExitCode);
        Assert.Equal("sikkerkey: command not found: sikkerkey-no-such-command", result.Error.TrimEnd());
    }

    [Fact]
    public async Task A_file_that_cannot_be_executed_exits_126()
    {
        await using var cli = await CliHarness.StartAsync();
        var script = cli.File("not-executable.sh");
        File.WriteAllText(script, "#!/bin/sh\nexit 0\n");

        var result = await cli.RunAsync("run", "--all", "--", script);

        Assert.Equal(126, result.ExitCode);
        Assert.Contains($"cannot run {script}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_machine_runs_nothing()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Refuse("machine is revoked");
        var marker = cli.File("ran");

        var result = await cli.RunAsync("run", "--all", "--", "touch", marker);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SikkerKey refused this machine: machine is revoked (HTTP 401", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task The_official_cli_never_retries()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Server.Answer(Reply.Error(503, "sealed"));

        var result = await cli.RunAsync("run", "--all", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sealed (HTTP 503)", result.Error, StringComparison.Ordinal);
        Assert.Single(cli.Server.Received);
    }
}
