using System.Text.Json;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>Commands for <c>sikkerkey run</c> that show the environment they got, and the readers of what they show.</summary>
internal static class ChildEnvironment
{
    public static string[] DumpTo(string file) => ["sh", "-c", $"env -0 > '{file}'"];

    public static IReadOnlyDictionary<string, string> Read(string file) =>
        File.ReadAllText(file).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    /// <summary>A Node app, as in the seed's image: prints its environment as JSON and exits with <paramref name="exitCode"/>.</summary>
    public static string[] NodePrinting(int exitCode = 0) =>
        ["node", "-e", $"process.stdout.write(JSON.stringify(process.env)); process.exitCode = {exitCode}"];

    /// <summary>
    /// The variables the CLI added to the printed environment: those it was not itself started with, as
    /// <see cref="OwnProcess"/> starts it (this process's environment less SIKKERKEY_*, plus <paramref name="cliEnvironment"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Added(string printed, IReadOnlyDictionary<string, string?> cliEnvironment)
    {
        var seen = JsonSerializer.Deserialize<Dictionary<string, string>>(printed)!;
        return seen.Where(v => v.Value != StartValue(v.Key)).ToDictionary(StringComparer.Ordinal);

        string? StartValue(string name) =>
            cliEnvironment.TryGetValue(name, out var value) ? value
            : name.StartsWith("SIKKERKEY_", StringComparison.Ordinal) ? null
            : Environment.GetEnvironmentVariable(name);
    }
}
