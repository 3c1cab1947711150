namespace SikkerKey.Cli.Exporting;

/// <summary>The formats of <c>export</c>, each read back exactly by its own kind of reader; variables sorted by name.</summary>
internal static class ExportFormats
{
    public const string Env = "env";
    public const string Dotenv = "dotenv";
    public const string Json = "json";
    public const string Yaml = "yaml";

    public static readonly string[] Names = [Env, Dotenv, Json, Yaml];

    public static string Format(string format, IReadOnlyDictionary<string, string> variables)
    {
        var sorted = variables.OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        return format switch
        {
            Env => Lines(sorted, v => $"export {v.Key}={ShellQuoting.Quote(v.Value)}"),
            Dotenv => Lines(sorted, v => $"{v.Key}={DotenvQuoting.Quote(v.Value)}"),
            Json => JsonObject.Write(sorted),
            Yaml => sorted.Count == 0 ? "{}\n" : Lines(sorted, v => $"{YamlQuoting.Quote(v.Key)}: {YamlQuoting.Quote(v.Value)}"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an export format"),
        };
    }

    private static string Lines(IEnumerable<KeyValuePair<string, string>> variables, Func<KeyValuePair<string, string>, string> line) =>
        string.Concat(variables.Select(v => line(v) + "\n"));
}
