namespace SikkerKey.Cli.Tests.Support;

/// <summary>A command for <c>sikkerkey run</c> that writes the environment it got to a file, and the reader of that file.</summary>
internal static class ChildEnvironment
{
    public static string[] DumpTo(string file) => ["sh", "-c", $"env -0 > '{file}'"];

    public static IReadOnlyDictionary<string, string> Read(string file) =>
        File.ReadAllText(file).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
