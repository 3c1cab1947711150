using System.Text.Json;
using SikkerKey.Cli.Tests.Support;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// The opt-in offline cache through the CLI: off by default, filled by every read once on, read only when SikkerKey
/// cannot be reached or with --offline, never after SikkerKey's own 401, 403 or 404.
/// </summary>
public class CacheTests
{
    private const string Db = "sk_db00000001";

    private static async Task<CliHarness> StartAsync()
    {
        var cli = await CliHarness.StartAsync();
        cli.Api.Plain(Db, "database url", "postgres://db")
            .Structured("sk_creds00001", "db creds", new() { ["host"] = "db.local", ["password"] = "hunter2" });
        return cli;
    }

    private static string CacheFolder(CliHarness cli) => Path.Combine(cli.Home, ".sikkerkey", "vaults", "vault_test", "cache");

    [Fact]
    public async Task Off_by_default_nothing_is_written()
    {
        await using var cli = await StartAsync();

        var read = await cli.RunAsync("export");
        var status = await cli.RunAsync("cache", "status");

        Assert.Equal(0, read.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(cli.Home));
        Assert.Equal($"Fallback cache: disabled\nCached secrets: 0\nLocation:       {CacheFolder(cli)}\n", status.Out);
    }

    [Fact]
    public async Task Enable_keeps_the_official_settings_file_and_reads_fill_the_cache()
    {
        await using var cli = await StartAsync();
        var settings = Path.Combine(cli.Home, ".sikkerkey", "cli_global.json");
        Directory.CreateDirectory(Path.GetDirectoryName(settings)!);
        File.WriteAllText(settings, """{"default_vault":"vault_test"}""");

        var enabled = await cli.RunAsync("cache", "enable");
        await cli.RunAsync("run", "--all", "--", "true");
        var status = await cli.RunAsync("cache", "status");

        Assert.Equal(0, enabled.ExitCode);
        using var written = JsonDocument.Parse(File.ReadAllText(settings));
        Assert.True(written.RootElement.GetProperty("cache_enabled").GetBoolean());
        Assert.Equal("vault_test", written.RootElement.GetProperty("default_vault").GetString());
        Assert.Equal(["sk_creds00001.skc", "sk_db00000001.skc"], Directory.GetFiles(CacheFolder(cli)).Select(Path.GetFileName).Order());
        Assert.StartsWith("Fallback cache: enabled\nCached secrets: 2\n", status.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", string.Concat(Directory.GetFiles(CacheFolder(cli)).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_covered_by_the_cache_and_the_CLI_says_so()
    {
        await using var cli = await StartAsync();
        cli.Environment["SIKKERKEY_CACHE"] = "1";
        await cli.RunAsync("export");
        Unreachable(cli);

        var get = await cli.RunAsync("get", Db);
        var run = await cli.RunAsync("run", "--all", "--", "sh", "-c", $"printf %s \"$DB_CREDS_PASSWORD\" > {cli.File("seen")}");

        Assert.Equal((0, "postgres://db"), (get.ExitCode, get.Out));
        Assert.Matches($"^sikkerkey: SikkerKey is unreachable: {Db} served from the offline cache \\(cached just now\\)\n$", get.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hunter2", File.ReadAllText(cli.File("seen")));
        Assert.Contains("SikkerKey is unreachable: 2 secrets served from the offline cache", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refuse", "SikkerKey refused this machine: machine is disabled (HTTP 401")]
    [InlineData("deny", "access denied: this machine is not granted the secret (HTTP 403)")]
    [InlineData("delete", "secret not found (HTTP 404)")]
    public async Task SikkerKeys_own_refusal_is_never_covered_by_the_cache(string what, string expected)
    {
        await using var cli = await StartAsync();
        cli.Environment["SIKKERKEY_CACHE"] = "1";
        await cli.RunAsync("get", Db);
        Action act = what switch { "refuse" => () => cli.Api.Refuse("machine is disabled"), "deny" => () => cli.Api.Deny(Db), _ => () => cli.Api.Delete(Db) };
        act();

        var get = await cli.RunAsync("get", Db);

        Assert.Equal((1, ""), (get.ExitCode, get.Out));
        Assert.Equal($"sikkerkey: {expected}", get.Error.TrimEnd('\n').Split('\n').Single()[..(11 + expected.Length)]);
        Assert.DoesNotContain("cache", get.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_reads_the_cache_on_purpose_without_asking_the_server()
    {
        await using var cli = await StartAsync();
        cli.Environment["SIKKERKEY_CACHE"] = "1";
        await cli.RunAsync("export");
        var asked = cli.Server.Received.Count;
        cli.Environment.Remove("SIKKERKEY_CACHE");

        var get = await cli.RunAsync("get", "sk_creds00001", "host", "--offline");
        var export = await cli.RunAsync("export", "--offline", "--format", "dotenv", "--project", "Main");
        var missing = await cli.RunAsync("get", "sk_nothere0001", "--offline");

        Assert.Equal((0, "db.local"), (get.ExitCode, get.Out));
        Assert.Contains("offline: sk_creds00001 served from the offline cache", get.Error, StringComparison.Ordinal);
        Assert.Equal("DATABASE_URL='postgres://db'\nDB_CREDS_HOST='db.local'\nDB_CREDS_PASSWORD='hunter2'\n", export.Out);
        Assert.Contains("--project is ignored", export.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("sikkerkey: sk_nothere0001 is not in the offline cache", missing.Error, StringComparison.Ordinal);
        Assert.Equal(asked, cli.Server.Received.Count);
    }

    [Fact]
    public async Task A_cache_folder_that_is_a_file_is_said_once_and_reading_goes_on()
    {
        await using var cli = await StartAsync();
        cli.Environment["SIKKERKEY_CACHE"] = "1";
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFolder(cli))!);
        File.WriteAllText(CacheFolder(cli), "");

        var export = await cli.RunAsync("export");
        var status = await cli.RunAsync("cache", "status");
        var offline = await cli.RunAsync("get", Db, "--offline");

        Assert.Equal(0, export.ExitCode);
        Assert.Contains("DATABASE_URL", export.Out, StringComparison.Ordinal);
        var warning = Assert.Single(export.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sikkerkey: offline cache off: cannot write {CacheFolder(cli)}", warning, StringComparison.Ordinal);
        foreach (var refused in new[] { status, offline })
        {
            Assert.Equal((1, ""), (refused.ExitCode, refused.Out));
            Assert.Equal($"sikkerkey: the offline cache folder {CacheFolder(cli)} cannot be used: {CacheFolder(cli)} is a file; remove it or set SIKKERKEY_CACHE_DIR to a folder\n", refused.Error);
        }
    }

    [Fact]
    public async Task A_read_only_bundle_mount_is_never_written_and_SIKKERKEY_CACHE_DIR_moves_the_cache()
    {
        await using var cli = await StartAsync();
        var elsewhere = Path.Combine(cli.Home, "elsewhere");
        cli.Environment["SIKKERKEY_CACHE"] = "1";
        cli.Environment["SIKKERKEY_CACHE_DIR"] = elsewhere;
        var before = Directory.GetFileSystemEntries(cli.Bundle.Path).Order().ToList();

        await cli.RunAsync("get", Db);

        Assert.Equal(before, Directory.GetFileSystemEntries(cli.Bundle.Path).Order());
        Assert.True(File.Exists(Path.Combine(elsewhere, "vault_test", Db + ".skc")));
    }

    [Fact]
    public async Task Disable_stops_the_cache_and_clear_empties_it()
    {
        await using var cli = await StartAsync();
        await cli.RunAsync("cache", "enable");
        await cli.RunAsync("get", Db);

        var disabled = await cli.RunAsync("cache", "disable");
        await cli.RunAsync("get", "sk_creds00001");
        var cleared = await cli.RunAsync("cache", "clear");

        Assert.Equal(0, disabled.ExitCode);
        Assert.Equal((0, "Cleared 1 cached secret(s) for vault_test.\n"), (cleared.ExitCode, cleared.Out));
        Assert.False(Directory.Exists(CacheFolder(cli)));
    }

    [Fact]
    public async Task Offline_with_watch_is_a_usage_error()
    {
        var result = await InProcess.RunAsync("run", "--all", "--offline", "--watch", "--", "true");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--offline cannot be combined with --watch", result.Error, StringComparison.Ordinal);
    }

    // The bundle now names a server that refuses connections: SikkerKey is down.
    private static void Unreachable(CliHarness cli)
    {
        var identity = JsonSerializer.Deserialize<Dictionary<string, object?>>(File.ReadAllText(cli.Bundle.IdentityFile))!;
        identity["apiUrl"] = "http://127.0.0.1:9/";
        cli.Bundle.WriteIdentity(identity);
    }
}
