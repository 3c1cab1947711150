using SikkerKey.Cli.Tests.Support;
using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// Each of the official CLI's command forms, run by the installed npm package against the real system, with its
/// exit code; and the cache format checked against the official CLI's own binary, both ways.
/// </summary>
[Collection(InstalledCliCollection.Name)]
public sealed class InstalledCliCommandTests(SystemFixture fixture, InstalledCli cli)
{
    [Fact]
    public async Task The_official_command_forms_work_with_their_exit_codes()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("production");
        var database = await owner.CreateSecretAsync(project, "database-url", "postgres://app@db/prod");
        var stripe = await owner.CreateStructuredSecretAsync(project, "stripe-keys", new() { ["secret_key"] = "sk_live_1" });
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);
        var vault = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(container.Mount, "identity.json"))).RootElement.GetProperty("vaultId").GetString();

        var expected = new (string[] Args, int Exit, string Out)[]
        {
            (["get", database], 0, "postgres://app@db/prod"),
            (["get", stripe, "secret_key"], 0, "sk_live_1"),
            (["get", stripe, "secret_key", "-o", "json"], 0, $"{{\n  \"field\": \"secret_key\",\n  \"id\": \"{stripe}\",\n  \"value\": \"sk_live_1\"\n}}\n"),
            (["get", database, "-o", "text"], 0, "postgres://app@db/prod"),
            (["list", "secrets"], 0, $"Standalone\n  [production]\n"),
            (["list", "projects"], 0, $"Standalone\n  production ({project})\n"),
            (["list", "vaults"], 0, $"* {vault} ({Path.Combine(container.Mount, "identity.json")})\n"),
            (["export", "--project", "production", "--format", "dotenv"], 0, "DATABASE_URL='postgres://app@db/prod'\nSTRIPE_KEYS_SECRET_KEY='sk_live_1'\n"),
            (["export", "--format", "json"], 0, "{\n  \"DATABASE_URL\": \"postgres://app@db/prod\",\n  \"STRIPE_KEYS_SECRET_KEY\": \"sk_live_1\"\n}\n"),
            (["run", "--secret", database, "--", "printenv", database.ToUpperInvariant()], 0, "postgres://app@db/prod\n"),
            (["run", "--all", "--project", "production", "--", "printenv", "STRIPE_KEYS_SECRET_KEY"], 0, "sk_live_1\n"),
            (["whoami"], 0, $"Machine ID:  {container.MachineId}\n"),
            (["status"], 0, "private key:    ok\nauthentication: ok\nsecrets:        2 accessible\n"),
            (["version"], 0, "sikkerkey 0.1.0"),
            (["completion", "bash"], 0, "# sikkerkey bash completion\n"),
            (["cache", "status"], 0, "Fallback cache: disabled\nCached secrets: 0\n"),
            (["connect", vault!], 2, ""),
            (["list", "applications"], 2, ""),
            (["certificate", database], 2, ""),
            (["agent", "list"], 2, ""),
            (["get", database, "-o", "yaml"], 2, ""),
            (["get", stripe, "nope"], 1, ""),
        };
        foreach (var (args, exit, output) in expected)
        {
            var run = await cli.RunAsync(container, args);
            var what = $"sikkerkey {string.Join(' ', args)}: {run}";
            Assert.True(run.ExitCode == exit, what);
            Assert.True(output == "" ? run.Out == "" : run.Out.StartsWith(output, StringComparison.Ordinal), what);
            if (exit != 0)
                Assert.Matches("^sikkerkey: [^\n]+\n$", run.Error);
        }
        var listed = await cli.RunAsync(container, "list", "secrets");
        Assert.Contains($"    {database}  database-url\n", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"    {stripe}  stripe-keys  [structured]\n", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_CLI_reads_our_cache_files_and_we_read_its()
    {
        var official = await OfficialCli.PathAsync();
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        var ours = await owner.CreateSecretAsync(project, "database-url", "postgres://app:pa ss@db/prod?x=<ü>");
        var theirs = await owner.CreateStructuredSecretAsync(project, "stripe-keys", new() { ["secret_key"] = "sk_live_\"1\"" });
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);
        // The official CLI's layout, which ours reads too: $SIKKERKEY_HOME/vaults/<vaultId>/{identity.json,private.pem}.
        var home = Path.Combine(container.Home, ".sikkerkey");
        var vault = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(container.Mount, "identity.json"))).RootElement.GetProperty("vaultId").GetString()!;
        var folder = Directory.CreateDirectory(Path.Combine(home, "vaults", vault)).FullName;
        foreach (var file in new[] { "identity.json", "private.pem" })
            File.Copy(Path.Combine(container.Mount, file), Path.Combine(folder, file));
        var environment = new Dictionary<string, string?> { ["HOME"] = container.Home, ["SIKKERKEY_HOME"] = home };

        var enabled = await OwnProcess.RunAsync(environment, cli.Executable, "cache", "enable");
        var ourRead = await OwnProcess.RunAsync(environment, cli.Executable, "get", ours);
        var theirRead = await OwnProcess.RunAsync(environment, official, "get", theirs);
        var theyOpenOurs = await OwnProcess.RunAsync(environment, official, "get", ours, "--offline");
        var weOpenTheirs = await OwnProcess.RunAsync(environment, cli.Executable, "get", theirs, "secret_key", "--offline");

        Assert.True(enabled.ExitCode == 0 && ourRead.ExitCode == 0 && theirRead.ExitCode == 0, $"{enabled}\n{ourRead}\n{theirRead}");
        Assert.True(File.Exists(Path.Combine(folder, "cache", ours + ".skc")) && File.Exists(Path.Combine(folder, "cache", theirs + ".skc")));
        Assert.Equal((0, "postgres://app:pa ss@db/prod?x=<ü>\n"), (theyOpenOurs.ExitCode, theyOpenOurs.Out));
        Assert.Equal((0, "sk_live_\"1\""), (weOpenTheirs.ExitCode, weOpenTheirs.Out));
    }
}
