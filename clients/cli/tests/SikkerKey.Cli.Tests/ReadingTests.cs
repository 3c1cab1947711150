using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>get, list, status and whoami against the verifying server.</summary>
public class ReadingTests
{
    private static async Task<CliHarness> StartAsync()
    {
        var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://db\n")
            .Structured("sk_creds00001", "db creds", new() { ["host"] = "db.local", ["password"] = "hunter2" });
        return cli;
    }

    [Fact]
    public async Task Get_prints_the_value_exactly_when_piped()
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync("get", "sk_db00000001");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("postgres://db\n", result.Out);
    }

    [Theory]
    [InlineData("sk_creds00001", "password")]
    [InlineData("sk_creds00001", "--field", "password")]
    [InlineData("sk_creds00001", "-f", "password")]
    public async Task Get_prints_one_field(params string[] args)
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync(["get", .. args]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hunter2", result.Out);
    }

    [Theory]
    [InlineData("sk_creds00001 port", "secret sk_creds00001 has no field \"port\"; its fields: host, password")]
    [InlineData("sk_db00000001 host", "secret sk_db00000001 is a plain secret and has no fields: sikkerkey get sk_db00000001")]
    [InlineData("sk_nope", "secret not found (HTTP 404)")]
    public async Task Get_errors_say_what_is_wrong_and_print_no_value(string args, string expected)
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync(["get", .. args.Split(' ')]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sikkerkey: {expected}", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task List_shows_a_table_without_values()
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync("list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            ID             NAME          TYPE        PROJECT  FIELDS
            sk_db00000001  database url  plain       Main
            sk_creds00001  db creds      structured  Main     host,password

            """.ReplaceLineEndings("\n"), result.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("hunter2", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, cli.Api.ValueReads);
    }

    [Fact]
    public async Task Status_checks_the_project_and_fails_without_access()
    {
        await using var cli = await StartAsync();

        var linked = await cli.RunAsync("status", "--project", FakeSecretsApi.Project);
        var unlinked = await cli.RunAsync("status", "--project", "proj_nolink0001");
        var noProject = await cli.RunAsync("status");

        Assert.Equal(0, linked.ExitCode);
        Assert.Equal(
            $"""
            private key:    ok
            authentication: ok
            secrets:        2 accessible
            vault:          vault_test
            api:            {cli.Server.Url.GetLeftPart(UriPartial.Authority)}
            project:        ok, may read Main ({FakeSecretsApi.Project})

            """.ReplaceLineEndings("\n"), linked.Out);
        Assert.Equal(1, unlinked.ExitCode);
        Assert.EndsWith("project:        FAILED (proj_nolink0001)\n", unlinked.Out, StringComparison.Ordinal);
        Assert.Contains("may not read project proj_nolink0001: machine is not linked to this project", unlinked.Error, StringComparison.Ordinal);
        Assert.Equal(0, noProject.ExitCode);
        Assert.StartsWith("private key:    ok\nauthentication: ok\nsecrets:        2 accessible\n", noProject.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("project:", noProject.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_a_refused_machine()
    {
        await using var cli = await StartAsync();
        cli.Api.Refuse("machine is disabled");

        var result = await cli.RunAsync("status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("authentication: FAILED (machine is disabled)", result.Out, StringComparison.Ordinal);
        Assert.Contains("SikkerKey refused this machine: machine is disabled (HTTP 401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_asks_no_server()
    {
        await using var cli = await StartAsync();

        var result = await cli.RunAsync("whoami");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(
            $"""
            Machine ID:  {Sdk.Tests.Support.IdentityFolder.Key.MachineId}
            Machine:     docker-calm-otter-3fa1
            Vault:       vault_test
            Application: none (global)
            API:         {cli.Server.Url.GetLeftPart(UriPartial.Authority)}
            Key:         {cli.Bundle.PrivateKeyFile}

            """.ReplaceLineEndings("\n"), result.Out, StringComparison.Ordinal);
        Assert.Empty(cli.Server.Received);
    }
}
