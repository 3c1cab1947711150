using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>The official CLI's command forms and output, against the verifying server: scripts written for it keep working.</summary>
public class OfficialCommandTests
{
    private static async Task<CliHarness> StartAsync()
    {
        var cli = await CliHarness.StartAsync();
        cli.Api.AddProject("proj_other00001", "Staging")
            .Plain("sk_db00000001", "database url", "postgres://db")
            .Structured("sk_creds00001", "db creds", new() { ["host"] = "db.local", ["password"] = "hunter2" })
            .Plain("sk_stage00001", "stage url", "https://stage", "proj_other00001");
        return cli;
    }

    [Fact]
    public async Task List_secrets_groups_them_by_project()
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync("list", "secrets");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            Standalone
              [Main]
                sk_creds00001  db creds  [structured]
                sk_db00000001  database url
              [Staging]
                sk_stage00001  stage url

            """.ReplaceLineEndings("\n"), result.Out);
        Assert.Equal(0, cli.Api.ValueReads);
    }

    [Fact]
    public async Task List_projects_names_each_with_its_id()
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync("list", "projects");

        Assert.Equal((0, "Standalone\n  Main (proj_main000001)\n  Staging (proj_other00001)\n"), (result.ExitCode, result.Out));
    }

    [Fact]
    public async Task List_vaults_shows_the_identities_found_and_marks_the_one_in_use()
    {
        await using var cli = await StartAsync();
        foreach (var vault in new[] { "vault_one", "vault_two" })
            Sdk.Tests.Support.IdentityFolder.Create(cli.Server.Url.ToString(), parent: Path.Combine(cli.Home, ".sikkerkey", "vaults", vault), vaultId: vault);

        var named = await cli.RunAsync("list", "vaults");
        cli.Environment.Remove("SIKKERKEY_IDENTITY");
        cli.Environment["SIKKERKEY_VAULT"] = "vault_two";
        var chosen = await cli.RunAsync("list", "vaults");

        Assert.Equal((0, $"* vault_test ({cli.Bundle.IdentityFile})\n  vault_one\n  vault_two\n"), (named.ExitCode, named.Out));
        Assert.Equal((0, "  vault_one\n* vault_two\n"), (chosen.ExitCode, chosen.Out));
    }

    [Fact]
    public async Task Get_with_output_json_prints_what_the_official_CLI_prints()
    {
        await using var cli = await StartAsync();

        var plain = await cli.RunAsync("get", "sk_db00000001", "-o", "json");
        var structured = await cli.RunAsync("get", "sk_creds00001", "--output", "json");
        var field = await cli.RunAsync("get", "sk_creds00001", "password", "-o", "json");
        var text = await cli.RunAsync("get", "sk_creds00001", "host", "-o", "text");

        Assert.Equal("{\n  \"id\": \"sk_db00000001\",\n  \"value\": \"postgres://db\"\n}\n", plain.Out);
        Assert.Equal(
            """
            {
              "fields": {
                "host": "db.local",
                "password": "hunter2"
              },
              "id": "sk_creds00001",
              "value": "{\"host\":\"db.local\",\"password\":\"hunter2\"}"
            }

            """.ReplaceLineEndings("\n"), structured.Out);
        Assert.Equal("{\n  \"field\": \"password\",\n  \"id\": \"sk_creds00001\",\n  \"value\": \"hunter2\"\n}\n", field.Out);
        Assert.Equal("db.local", text.Out);
    }

    [Fact]
    public async Task Project_takes_a_name_as_well_as_an_id()
    {
        await using var cli = await StartAsync();

        var byName = await cli.RunAsync("export", "--project", "Staging", "--format", "json");
        var unknown = await cli.RunAsync("export", "--project", "Prod");

        Assert.Equal((0, "{\n  \"STAGE_URL\": \"https://stage\"\n}\n"), (byName.ExitCode, byName.Out));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("sikkerkey: project \"Prod\" not found; this machine's projects: Main (proj_main000001), Staging (proj_other00001)\n", unknown.Error);
    }

    [Theory]
    [InlineData("connect is not needed with this SikkerKey server", "connect", "vault_abc")]
    [InlineData("has no applications", "list", "applications")]
    [InlineData("has no applications", "applications")]
    [InlineData("has no applications to scope to", "set", "application", "app_1")]
    [InlineData("does not issue certificates", "certificate", "sk_a", "--validity", "15m")]
    [InlineData("has no sync agents", "agent", "start", "--secret", "sk_a")]
    public async Task Service_only_commands_say_so_and_exit_2(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(args);

        Assert.Equal((2, ""), (result.ExitCode, result.Out));
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sikkerkey: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash", "complete -F _sikkerkey sikkerkey")]
    [InlineData("zsh", "compdef _sikkerkey sikkerkey")]
    [InlineData("fish", "complete -c sikkerkey -n '__fish_use_subcommand' -a 'cache'")]
    public async Task Completion_prints_a_script_for_the_shell(string shell, string expected)
    {
        var result = await InProcess.RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        Assert.Contains("export", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_completion_script_is_valid_bash()
    {
        var script = (await InProcess.RunAsync("completion", "bash")).Out;

        var check = await OwnProcess.RunAsync(new Dictionary<string, string?>(), "bash", "-n", "-c", script);

        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Theory]
    [InlineData(2, "Unrecognized command or argument 'foo'", "list", "foo")]
    [InlineData(2, "Argument 'yaml' not recognized. Must be one of: 'text' 'plain' 'json'", "get", "sk_db00000001", "-o", "yaml")]
    [InlineData(2, "Argument 'tcsh' not recognized", "completion", "tcsh")]
    [InlineData(1, "secret sk_creds00001 has no field \"port\"; its fields: host, password", "get", "sk_creds00001", "port")]
    [InlineData(1, "secret sk_db00000001 is a plain secret and has no fields", "get", "sk_db00000001", "host", "-o", "json")]
    public async Task Bad_input_is_one_line_and_a_non_zero_exit(int exitCode, string expected, params string[] args)
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync(args);

        Assert.Equal((exitCode, ""), (result.ExitCode, result.Out));
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sikkerkey: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
