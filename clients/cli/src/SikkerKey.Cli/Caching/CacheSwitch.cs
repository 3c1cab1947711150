using System.Text.Json;
using System.Text.Json.Nodes;

namespace SikkerKey.Cli.Caching;

/// <summary>
/// Whether the offline cache is on: <c>SIKKERKEY_CACHE</c> when set (for a container, whose home may be thrown away),
/// else <c>cache_enabled</c> in the official CLI's <c>$SIKKERKEY_HOME/cli_global.json</c>, which <c>cache enable</c> writes.
/// </summary>
internal static class CacheSwitch
{
    public const string Variable = "SIKKERKEY_CACHE";
    private const string Key = "cache_enabled";

    public static string Home(CliContext context) =>
        context.Environment("SIKKERKEY_HOME") is { Length: > 0 } home ? home : Path.Combine(context.UserHome, ".sikkerkey");

    public static string SettingsFile(CliContext context) => Path.Combine(Home(context), "cli_global.json");

    /// <summary><c>null</c> when SIKKERKEY_CACHE is not set.</summary>
    public static bool? FromEnvironment(CliContext context) =>
        context.Environment(Variable)?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "1" or "true" or "yes" or "on" => true,
            _ => false,
        };

    public static bool IsOn(CliContext context) => FromEnvironment(context) ?? ReadSettings(context)?[Key]?.GetValue<bool>() == true;

    /// <summary>Writes the flag, keeping whatever else the official CLI keeps in that file.</summary>
    public static void Set(CliContext context, bool on)
    {
        var file = SettingsFile(context);
        var settings = ReadSettings(context) ?? [];
        settings[Key] = on;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {file} ({e.Message}): set {Variable}={(on ? 1 : 0)} in the environment instead");
        }
    }

    private static JsonObject? ReadSettings(CliContext context)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(SettingsFile(context))) as JsonObject;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
