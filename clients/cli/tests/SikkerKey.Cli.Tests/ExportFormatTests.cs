using System.Diagnostics;
using System.Text.Json;
using SikkerKey.Cli.Exporting;
using SikkerKey.Cli.Tests.Support;
using YamlDotNet.Serialization;

namespace SikkerKey.Cli.Tests;

/// <summary>Each export format reads back, by a real reader of that format, to exactly the values exported.</summary>
public class ExportFormatTests
{
    private static readonly Dictionary<string, string> Tricky = new(StringComparer.Ordinal)
    {
        ["PLAIN"] = "postgres://app@db/app",
        ["QUOTES"] = "it's \"quoted\" `ticked`",
        ["SHELL"] = "$HOME $(id) ${PATH} \\ ; & | * ? ~ !",
        ["LINES"] = "line one\nline two\r\n\ttabbed",
        ["CONTROL"] = "bell\a nul-free\u001b[0m del\u007f nel\u0085 ls\u2028 bom\ufeff",
        ["UNICODE"] = "blåbærsyltetøy 🔑 日本",
        ["EMPTY"] = "",
        ["NO"] = "yes",
        ["ON"] = "1e3",
    };

    [Fact]
    public async Task Env_is_read_back_by_sh()
    {
        var script = Path.GetTempFileName();
        File.WriteAllText(script, ExportFormats.Format(ExportFormats.Env, Tricky) + "env -0\n");

        var read = await ReadEnvAsync("sh", script);

        File.Delete(script);
        Assert.All(Tricky, v => Assert.Equal(v.Value, read[v.Key]));
    }

    [Fact]
    public void Env_lines_export_single_quoted_values()
    {
        var text = ExportFormats.Format(ExportFormats.Env, new Dictionary<string, string> { ["B"] = "it's", ["A"] = "$x" });

        Assert.Equal("export A='$x'\nexport B='it'\\''s'\n", text);
    }

    [Fact]
    public void Dotenv_single_quotes_literal_values_and_escapes_the_rest()
    {
        var text = ExportFormats.Format(ExportFormats.Dotenv, new Dictionary<string, string>
        {
            ["A"] = "p@$$ \"w\" \\d",
            ["B"] = "it's $HOME \\n",
            ["C"] = "two\nlines\r",
        });

        Assert.Equal("A='p@$$ \"w\" \\d'\nB=\"it's \\$HOME \\\\n\"\nC=\"two\\nlines\\r\"\n", text);
    }

    [Fact]
    public void Json_is_one_object_read_back_exactly()
    {
        var text = ExportFormats.Format(ExportFormats.Json, Tricky);

        Assert.Equal(Tricky, JsonSerializer.Deserialize<Dictionary<string, string>>(text));
        Assert.Contains("blåbærsyltetøy", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_is_one_mapping_read_back_exactly_with_no_value_turned_into_a_boolean_or_number()
    {
        var text = ExportFormats.Format(ExportFormats.Yaml, Tricky);

        var read = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);

        Assert.Equal(Tricky.Keys.Order(StringComparer.Ordinal), read.Keys);
        Assert.All(Tricky, v => Assert.Equal(v.Value, Assert.IsType<string>(read[v.Key])));
    }

    [Theory]
    [InlineData("env", "")]
    [InlineData("dotenv", "")]
    [InlineData("json", "{}\n")]
    [InlineData("yaml", "{}\n")]
    public void Nothing_to_export_is_still_valid(string format, string expected) =>
        Assert.Equal(expected, ExportFormats.Format(format, new Dictionary<string, string>()));

    [Fact]
    public async Task Export_prints_the_variables_run_would_set_sorted_by_name()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Api.Plain("sk_db00000001", "database url", "postgres://db")
            .Structured("sk_stripe0001", "stripe-keys", new() { ["secret_key"] = "sk_1", ["publishable-key"] = "pk_1" });

        var dotenv = await cli.RunAsync("export", "--format", "dotenv", "--prefix", "APP_");
        var json = await cli.RunAsync("export", "--format", "json");

        Assert.Equal(0, dotenv.ExitCode);
        Assert.Equal("APP_DATABASE_URL='postgres://db'\nAPP_STRIPE_KEYS_PUBLISHABLE_KEY='pk_1'\nAPP_STRIPE_KEYS_SECRET_KEY='sk_1'\n", dotenv.Out);
        Assert.Equal(3, JsonSerializer.Deserialize<Dictionary<string, string>>(json.Out)!.Count);
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadEnvAsync(string shell, string script)
    {
        using var process = Process.Start(new ProcessStartInfo(shell, [script]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }
}
