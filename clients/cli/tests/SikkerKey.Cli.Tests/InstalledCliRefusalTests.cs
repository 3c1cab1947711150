using System.Net;
using System.Text.Json;
using SikkerKey.Cli.Tests.Support;
using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// Bad input to the installed CLI, against the real system: each is one clear line on stderr, a non-zero exit, and the
/// command never started (it would leave a marker file).
/// </summary>
[Collection(InstalledCliCollection.Name)]
public sealed class InstalledCliRefusalTests(SystemFixture fixture, InstalledCli cli)
{
    [Fact]
    public async Task Without_an_identity_nothing_runs()
    {
        var home = Directory.CreateTempSubdirectory("sikkerkey-empty-home-").FullName;
        try
        {
            var marker = Path.Combine(home, "ran");

            var run = await OwnProcess.RunAsync(new Dictionary<string, string?> { ["HOME"] = home }, cli.Executable, ["run", "--all", "--", .. Touching(marker)]);

            AssertRefused(run, 1, "No SikkerKey identity found: SIKKERKEY_IDENTITY is not set", marker);
            Assert.Contains(Path.Combine(home, ".sikkerkey", "vaults"), run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    // A machine does not expire (only its download link does); disabling, revoking and deleting are how it stops working.
    [Theory]
    [InlineData("disable", "machine is disabled")]
    [InlineData("revoke", "machine is revoked")]
    [InlineData("delete", "unknown machine")]
    public async Task A_machine_taken_out_of_service_runs_nothing(string action, string reason)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        await owner.CreateSecretAsync(project, "database-url", "postgres://db");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);
        using var taken = action == "delete"
            ? await owner.Client.DeleteAsync($"/api/machines/{container.MachineId}", Http.Ct)
            : await owner.Client.PostAsync($"/api/machines/{container.MachineId}/{action}", null, Http.Ct);
        await taken.AssertOkAsync(HttpStatusCode.NoContent);
        var marker = container.File("ran");

        var run = await cli.RunAsync(container, ["run", "--all", "--", .. Touching(marker)]);

        AssertRefused(run, 1, $"SikkerKey refused this machine: {reason} (HTTP 401", marker);
    }

    [Fact]
    public async Task An_unknown_or_ungranted_secret_id_runs_nothing()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        var database = await owner.CreateSecretAsync(project, "database-url", "postgres://db");
        var root = await owner.CreateSecretAsync(project, "root password", "not for containers");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project, database);
        var marker = container.File("ran");

        var run = await cli.RunAsync(container, ["run", "--secret", database, "--secret", root, "--secret", "sk_nosuch0000", "--", .. Touching(marker)]);

        AssertRefused(run, 1, $"no secret {root}, sk_nosuch0000 is granted to machine", marker);
        Assert.Contains("'sikkerkey list' shows the granted secrets", run.Error, StringComparison.Ordinal);

        // One secret asked by id: the server's refusal, said once ("access denied: access denied: …" before).
        var get = await cli.RunAsync(container, "get", root);
        Assert.Equal((1, ""), (get.ExitCode, get.Out));
        Assert.Equal("sikkerkey: access denied: this machine has no grant for this secret (HTTP 403)", get.Error.TrimEnd('\n'));
    }

    [Fact]
    public async Task A_command_that_does_not_exist_exits_127()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        await owner.CreateSecretAsync(project, "database-url", "postgres://db");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);

        var run = await cli.RunAsync(container, "run", "--all", "--", "sikkerkey-no-such-command", "--flag");

        AssertRefused(run, 127, "command not found: sikkerkey-no-such-command", container.File("ran"));
    }

    [Fact]
    public async Task Two_secrets_giving_one_variable_run_nothing()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var web = await owner.CreateProjectAsync("web");
        var api = await owner.CreateProjectAsync("api");
        // Both give DB_URL. The server refuses that within one project (a field claims its variable), not across two
        // projects granted to one machine, nor in data stored before the claims: the CLI must still refuse to guess.
        var plain = await owner.CreateSecretAsync(web, "db url", "postgres://one");
        var structured = await owner.CreateStructuredSecretAsync(api, "db", new() { ["url"] = "postgres://two" });
        using var container = await ProvisionedContainer.ProvisionAsync(owner, web);
        using var granted = await owner.Client.PutAsync($"/api/secrets/{structured}/grants/{container.MachineId}", null, Http.Ct);
        await granted.AssertOkAsync(HttpStatusCode.NoContent);
        var marker = container.File("ran");

        // Without cli.json (the CLI works without it) --all loads every project granted, not cli.json's project alone.
        File.Delete(Path.Combine(container.Mount, "cli.json"));

        var run = await cli.RunAsync(container, ["run", "--all", "--", .. Touching(marker)]);

        AssertRefused(run, 1, "both set DB_URL: rename one of them", marker);
        Assert.Contains(plain, run.Error, StringComparison.Ordinal);
        Assert.Contains(structured, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("postgres://", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A Node app that leaves a marker file: proof that the command ran.</summary>
    private static string[] Touching(string marker) => ["node", "-e", $"require('fs').writeFileSync({JsonSerializer.Serialize(marker)}, '')"];

    private static void AssertRefused(CliResult run, int exitCode, string message, string marker)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sikkerkey: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        Assert.False(File.Exists(marker), "the command ran");
    }
}
