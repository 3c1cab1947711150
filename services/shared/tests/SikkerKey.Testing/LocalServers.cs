using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SikkerKey.Testing;

/// <summary>
/// The servers <c>build/test</c> started and announced through <c>SIKKERKEY_TEST_*</c>; when a test is run
/// on its own (IDE, <c>dotnet test</c>), starts them the same way with <c>build/infra/up</c>.
/// </summary>
internal static partial class LocalServers
{
    public static async Task<Servers> StartAsync()
    {
        var values = new Dictionary<string, string>
        {
            ["SIKKERKEY_POSTGRES"] = Environment.GetEnvironmentVariable("SIKKERKEY_TEST_POSTGRES") ?? "",
            ["SIKKERKEY_RABBITMQ"] = Environment.GetEnvironmentVariable("SIKKERKEY_TEST_RABBITMQ") ?? "",
            ["SIKKERKEY_RABBITMQ_MANAGEMENT"] = Environment.GetEnvironmentVariable("SIKKERKEY_TEST_RABBITMQ_MANAGEMENT") ?? "",
        };
        if (values.Values.Any(string.IsNullOrEmpty))
            values = await InfraUpAsync();
        return new Servers(values["SIKKERKEY_POSTGRES"], new Uri(values["SIKKERKEY_RABBITMQ"]), new Uri(values["SIKKERKEY_RABBITMQ_MANAGEMENT"]));
    }

    /// <summary>Same data folder and ports as <c>build/test</c>, so both find the same servers.</summary>
    public static IReadOnlyDictionary<string, string> TestEnvironment { get; } = new Dictionary<string, string>
    {
        ["SIKKERKEY_DATA"] = Environment.GetEnvironmentVariable("SIKKERKEY_TEST_DATA") ?? RepositoryRoot.Combine(".test-data"),
        ["SIKKERKEY_PG_PORT"] = "55442",
        ["SIKKERKEY_PG_DURABLE"] = "0",
        ["SIKKERKEY_RABBIT_NODE"] = "sikkerkey-test",
        ["SIKKERKEY_RABBIT_PORT"] = "5683",
    };

    private static async Task<Dictionary<string, string>> InfraUpAsync()
    {
        var output = await Scripts.RunAsync("build/infra/up", TestEnvironment);
        return ExportLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex("^export (\\w+)='([^']*)'", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
