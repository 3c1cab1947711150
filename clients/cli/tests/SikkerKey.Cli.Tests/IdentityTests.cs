using SikkerKey.Cli.Tests.Support;
using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// Where the CLI finds its identity: SIKKERKEY_IDENTITY (identity.json, its folder, or the bundle's cli.json) and the
/// official layout $SIKKERKEY_HOME/vaults/&lt;vaultId&gt;; every failure names the file and the fix, and runs nothing.
/// </summary>
public class IdentityTests
{
    [Fact]
    public async Task No_identity_anywhere_is_a_clear_error()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment.Clear();

        var result = await cli.RunAsync("run", "--all", "--", "touch", cli.File("ran"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No SikkerKey identity found: SIKKERKEY_IDENTITY is not set", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(cli.Home, ".sikkerkey", "vaults"), result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.File("ran")));
        Assert.Empty(cli.Server.Received);
    }

    [Theory]
    [InlineData("missing.json", "does not exist")]
    [InlineData("/proc/self/mem", "cannot be read")]
    public async Task An_identity_file_that_cannot_be_read_is_named(string path, string expected)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment["SIKKERKEY_IDENTITY"] = Path.IsPathRooted(path) ? path : cli.File(path);

        var result = await cli.RunAsync("whoami");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains(cli.Environment["SIKKERKEY_IDENTITY"]!, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("identity.json", "{\"machineId\": ", "is not valid JSON")]
    [InlineData("identity.json", "{\"machineId\": \"not-a-uuid\", \"vaultId\": \"v\", \"apiUrl\": \"https://x\"}", "is not a UUID")]
    [InlineData("cli.json", "{\"projectId\": 42}", "is not valid at $.projectId")]
    [InlineData("cli.json", "[1, 2]", "is not valid")]
    [InlineData("cli.json", "{\"machineId\": \"00000000-0000-0000-0000-000000000001\"}", "disagree on \"machineId\"")]
    [InlineData("cli.json", "{\"vaultId\": \"vault_other\"}", "disagree on \"vaultId\"")]
    [InlineData("cli.json", "{\"apiUrl\": \"https://elsewhere.example.com\"}", "disagree on \"apiUrl\"")]
    public async Task A_malformed_or_mismatched_bundle_file_is_named(string file, string content, string expected)
    {
        await using var cli = await CliHarness.StartAsync();
        var path = Path.Combine(cli.Bundle.Path, file);
        File.WriteAllText(path, content);

        var result = await cli.RunAsync("run", "--all", "--", "touch", cli.File("ran"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.File("ran")));
    }

    [Fact]
    public async Task Sikkerkey_identity_may_name_cli_json_which_names_identity_json()
    {
        await using var cli = await CliHarness.StartAsync();
        var cliJson = Path.Combine(cli.Bundle.Path, "cli.json");
        File.WriteAllText(cliJson, $$"""
            {"apiUrl": "{{cli.Server.Url}}", "vaultId": "vault_test", "machineId": "{{IdentityFolder.Key.MachineId}}",
             "projectId": "proj_main000001", "identityPath": "/etc/sikkerkey/identity.json"}
            """);
        cli.Environment["SIKKERKEY_IDENTITY"] = cliJson;

        var result = await cli.RunAsync("whoami");

        // /etc/sikkerkey/identity.json is not there in this test: identity.json beside cli.json stands in, as for private.pem.
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Identity:    {cli.Bundle.IdentityFile}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Settings:    {cliJson}", result.Out, StringComparison.Ordinal);
        Assert.Contains("Project:     proj_main000001", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_layout_is_found_through_sikkerkey_home_and_sikkerkey_vault()
    {
        await using var cli = await CliHarness.StartAsync();
        var home = cli.File("sk-home");
        using var first = IdentityFolder.Create(cli.Server.Url.ToString(), parent: Path.Combine(home, "vaults", "vault_one"), vaultId: "vault_one");
        using var second = IdentityFolder.Create(cli.Server.Url.ToString(), parent: Path.Combine(home, "vaults", "vault_two"), vaultId: "vault_two");
        cli.Environment.Clear();
        cli.Environment["SIKKERKEY_HOME"] = home;

        var ambiguous = await cli.RunAsync("whoami");
        cli.Environment["SIKKERKEY_VAULT"] = "vault_two";
        var chosen = await cli.RunAsync("whoami");

        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("holds 2 vaults (vault_one, vault_two)", ambiguous.Error, StringComparison.Ordinal);
        Assert.Equal(0, chosen.ExitCode);
        Assert.Contains("Vault:       vault_two", chosen.Out, StringComparison.Ordinal);
        Assert.Contains("(no cli.json)", chosen.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_private_key_is_named()
    {
        await using var cli = await CliHarness.StartAsync();
        File.WriteAllText(cli.Bundle.PrivateKeyFile, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var result = await cli.RunAsync("whoami");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The private key {cli.Bundle.PrivateKeyFile} is unusable", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", result.Error, StringComparison.Ordinal);
    }
}
