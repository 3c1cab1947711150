using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>Which variables <c>run</c> sets, as PRODUCT.md names them, and what stops it before anything runs.</summary>
public class NamingTests
{
    [Fact]
    public async Task All_names_variables_after_the_secrets_and_fields()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://app:p@ss w0rd'$@db/app")
            .Structured("sk_stripe0001", "stripe-keys", new() { ["publishable-key"] = "pk_1", ["secret_key"] = "sk_1" });
        var dump = cli.File("env");

        var result = await cli.RunAsync(["run", "--all", "--", .. ChildEnvironment.DumpTo(dump)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = ChildEnvironment.Read(dump);
        Assert.Equal("postgres://app:p@ss w0rd'$@db/app", env["DATABASE_URL"]);
        Assert.Equal("pk_1", env["STRIPE_KEYS_PUBLISHABLE_KEY"]);
        Assert.Equal("sk_1", env["STRIPE_KEYS_SECRET_KEY"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), env["PATH"]);
    }

    [Fact]
    public async Task Secret_names_variables_after_the_id()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_abc123", "database url", "postgres://db")
            .Structured("sk_creds00001", "db creds", new() { ["host"] = "db.local", ["pass-word"] = "hunter2" })
            .Plain("sk_other0001", "other", "not asked for");
        var dump = cli.File("env");

        var result = await cli.RunAsync(["run", "--secret", "sk_abc123", "-s", "sk_creds00001", "--", .. ChildEnvironment.DumpTo(dump)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = ChildEnvironment.Read(dump);
        Assert.Equal("postgres://db", env["SK_ABC123"]);
        Assert.Equal("db.local", env["SK_CREDS00001_HOST"]);
        Assert.Equal("hunter2", env["SK_CREDS00001_PASS_WORD"]);
        Assert.DoesNotContain("OTHER", env.Keys);
        Assert.DoesNotContain("DATABASE_URL", env.Keys);
        Assert.Equal(2, cli.Api.ValueReads);
    }

    [Fact]
    public async Task Prefix_goes_before_every_name_and_secrets_win_over_inherited_variables()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database-url", "postgres://db").Plain("sk_path000001", "path", "/from/sikkerkey");
        var dump = cli.File("env");

        var prefixed = await cli.RunAsync(["run", "--all", "--prefix", "APP_", "--", .. ChildEnvironment.DumpTo(dump)]);
        var prefixedEnv = ChildEnvironment.Read(dump);
        var plain = await cli.RunAsync(["run", "--all", "--", "sh", "-c", $"printf %s \"$PATH\" > '{dump}'"]);

        Assert.Equal(0, prefixed.ExitCode);
        Assert.Equal("postgres://db", prefixedEnv["APP_DATABASE_URL"]);
        Assert.Equal("/from/sikkerkey", prefixedEnv["APP_PATH"]);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("/from/sikkerkey", File.ReadAllText(dump));
    }

    [Fact]
    public async Task Two_secrets_setting_one_variable_stop_everything()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_a000000001", "db-url", "value-of-a").Plain("sk_b000000001", "DB URL", "value-of-b");
        var marker = cli.File("ran");

        var result = await cli.RunAsync("run", "--all", "--", "touch", marker);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sk_a000000001 and sk_b000000001 both set DB_URL", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
        Assert.DoesNotContain("value-of", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_structured_field_colliding_with_a_plain_secret_is_refused_in_dry_run_too()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_a000000001", "db host", "one").Structured("sk_b000000001", "db", new() { ["host"] = "two" });

        var result = await cli.RunAsync("run", "--all", "--dry-run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("both set DB_HOST", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, cli.Api.ValueReads);
    }

    [Fact]
    public async Task An_unknown_secret_id_stops_everything_before_any_value_is_read()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_abc123", "database url", "postgres://db");
        var marker = cli.File("ran");

        var result = await cli.RunAsync("run", "--secret", "sk_abc123", "--secret", "sk_nope", "--", "touch", marker);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no secret sk_nope is granted", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
        Assert.Equal(0, cli.Api.ValueReads);
    }

    [Fact]
    public async Task Dry_run_prints_the_names_only_and_reads_no_value()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://secret-value")
            .Structured("sk_stripe0001", "stripe-keys", new() { ["secret_key"] = "sk_live_secret" });
        var marker = cli.File("ran");

        var result = await cli.RunAsync("run", "--all", "--dry-run", "--prefix", "APP_", "--", "touch", marker);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("APP_DATABASE_URL\nAPP_STRIPE_KEYS_SECRET_KEY\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Equal(0, cli.Api.ValueReads);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Project_limits_all_to_that_project_and_cli_json_gives_the_default()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.AddProject("proj_other0001", "Other")
            .Plain("sk_main000001", "main secret", "m").Plain("sk_other00001", "other secret", "o", "proj_other0001");

        var chosen = await cli.RunAsync("run", "--all", "--project", "proj_other0001", "--dry-run");
        File.WriteAllText(Path.Combine(cli.Bundle.Path, "cli.json"), $$"""{"projectId":"{{FakeSecretsApi.Project}}"}""");
        var byDefault = await cli.RunAsync("run", "--all", "--dry-run");

        Assert.Equal("OTHER_SECRET\n", chosen.Out.ReplaceLineEndings("\n"));
        Assert.Equal("MAIN_SECRET\n", byDefault.Out.ReplaceLineEndings("\n"));
    }
}
