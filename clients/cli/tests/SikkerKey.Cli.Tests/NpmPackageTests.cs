using SikkerKey.Cli.Running;
using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// The npm tarball of build/pack-cli, installed with <c>npm install -g</c> into a fresh prefix as the seed's Dockerfile
/// does, runs commands with the secrets. Explicit: building the Native AOT binary takes minutes, too long for every
/// test run; build/smoke-cli builds the tarball and runs this with SIKKERKEY_CLI_TARBALL set.
/// </summary>
public class NpmPackageTests
{
    [Fact(Explicit = true)]
    [Trait("Category", "Package")]
    public async Task The_installed_package_runs_a_command_with_the_secrets_and_forwards_sigterm()
    {
        var tarball = Environment.GetEnvironmentVariable("SIKKERKEY_CLI_TARBALL");
        Assert.True(File.Exists(tarball), $"SIKKERKEY_CLI_TARBALL ({tarball}) names no file: run build/smoke-cli");
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://db")
            .Structured("sk_stripe0001", "stripe-keys", new() { ["secret_key"] = "sk_live_1" });
        var prefix = cli.File("npm-prefix");
        var install = await OwnProcess.RunAsync(cli, "npm", "install", "-g", "--prefix", prefix, tarball!, "--offline", "--no-audit", "--no-fund");
        Assert.True(install.ExitCode == 0, install.ToString());
        var sikkerkey = Path.Combine(prefix, "bin", "sikkerkey");

        var version = await OwnProcess.RunAsync(cli, sikkerkey, "version");
        var run = await OwnProcess.RunAsync(cli, sikkerkey, "run", "--all", "--", "node", "-e",
            "process.stdout.write(process.env.DATABASE_URL + ' ' + process.env.STRIPE_KEYS_SECRET_KEY); process.exit(7)");
        var missing = await OwnProcess.RunAsync(cli, sikkerkey, "run", "--all", "--", "no-such-command-here");

        Assert.Matches(@"^sikkerkey \d+\.\d+\.\d+", version.Out);
        Assert.Equal(7, run.ExitCode);
        Assert.Equal("postgres://db sk_live_1", run.Out);
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("command not found: no-such-command-here", missing.Error, StringComparison.Ordinal);
        await AssertSigtermReachesTheCommandAsync(cli, sikkerkey);
    }

    private static async Task AssertSigtermReachesTheCommandAsync(CliHarness cli, string sikkerkey)
    {
        using var process = OwnProcess.Start(cli, sikkerkey, "run", "--all", "--", "node", "-e",
            "process.on('SIGTERM', () => { console.log('got TERM'); process.exit(42) }); console.log('ready'); setInterval(() => {}, 1000)");
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
            Posix.Send(process.Id, Posix.SIGTERM);
        }
        finally
        {
            await OwnProcess.WaitOrKillAsync(process);
        }

        Assert.Equal("got TERM", await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
        Assert.Equal(42, process.ExitCode);
    }
}
