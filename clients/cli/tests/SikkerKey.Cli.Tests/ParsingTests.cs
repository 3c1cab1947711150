using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>Usage mistakes stop before any identity is looked for: exit 2, the reason on stderr, nothing on stdout.</summary>
public class ParsingTests
{
    [Theory]
    [InlineData("say which secrets to load", "run", "--", "true")]
    [InlineData("--all and --secret exclude each other", "run", "--all", "--secret", "sk_a", "--", "true")]
    [InlineData("--project goes with --all", "run", "--secret", "sk_a", "--project", "proj_x", "--", "true")]
    [InlineData("no command to run", "run", "--all")]
    [InlineData("no command to run", "run", "--all", "--")]
    [InlineData("--dry-run runs nothing to watch", "run", "--all", "--dry-run", "--watch")]
    [InlineData("--interval is at least 1 second", "run", "--all", "--watch", "--interval", "0", "--", "true")]
    [InlineData("--prefix takes ASCII letters", "run", "--all", "--prefix", "9X", "--", "true")]
    [InlineData("--prefix takes ASCII letters", "export", "--prefix", "A-B")]
    [InlineData("two fields given", "get", "sk_a", "host", "--field", "port")]
    [InlineData("Argument 'toml' not recognized", "export", "--format", "toml")]
    [InlineData("Unrecognized command or argument 'fetch'", "fetch")]
    public async Task Usage_errors_exit_2_and_say_why(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("sikkerkey: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task No_arguments_show_the_commands()
    {
        var result = await InProcess.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run", result.Out, StringComparison.Ordinal);
        Assert.Contains("export", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_needs_no_identity()
    {
        var result = await InProcess.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^sikkerkey \d+\.\d+\.\d+", result.Out);
    }
}
