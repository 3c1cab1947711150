using System.Text.Json;

namespace SikkerKey.Cli.Connecting;

/// <summary>The bundle's cli.json: what the CLI needs beyond identity.json (the default project), with no connect step.</summary>
internal sealed class CliConfig
{
    public const string FileName = "cli.json";
    private const string Fix = "re-extract cli.json from the .sikkerkey bundle (or delete it: the CLI works without it)";

    private CliConfig(string path, CliConfigJson json) => (FilePath, Json) = (path, json);

    public string FilePath { get; }

    private CliConfigJson Json { get; }

    /// <summary>The default project of <c>run --all</c>, <c>export</c>, <c>list</c> and <c>status</c>.</summary>
    public string? ProjectId => Json.ProjectId is { Length: > 0 } project ? project : null;

    /// <summary>identity.json as <c>identityPath</c> names it, or beside cli.json when that does not exist (a bundle mounted elsewhere).</summary>
    public string IdentityFile
    {
        get
        {
            var beside = Path.Combine(Path.GetDirectoryName(FilePath)!, "identity.json");
            var declared = Json.IdentityPath is { Length: > 0 } path ? Path.GetFullPath(path, Path.GetDirectoryName(FilePath)!) : null;
            return declared is not null && File.Exists(declared) ? declared : File.Exists(beside) ? beside : declared ?? beside;
        }
    }

    /// <summary>Reads a cli.json the user named; it must exist.</summary>
    public static CliConfig Read(string path)
    {
        var file = Path.GetFullPath(path);
        var bytes = IdentityFiles.ReadAllBytes(file, $"CLI settings file {file} (named by SIKKERKEY_IDENTITY)",
            "extract the .sikkerkey bundle there, or set SIKKERKEY_IDENTITY to its identity.json");
        return new CliConfig(file, Parse(bytes, file));
    }

    /// <summary>Reads the cli.json beside identity.json, if there is one.</summary>
    public static CliConfig? ReadBeside(string identityFile)
    {
        var file = Path.Combine(Path.GetDirectoryName(identityFile)!, FileName);
        return File.Exists(file) ? new CliConfig(file, Parse(IdentityFiles.ReadAllBytes(file, $"CLI settings file {file}", Fix), file)) : null;
    }

    /// <summary>Refuses a cli.json of another bundle than identity.json's: which one would the user mean?</summary>
    public void CheckBelongsTo(MachineIdentity identity)
    {
        if (Json.MachineId is { Length: > 0 } machine && (!Guid.TryParse(machine, out var id) || id != identity.MachineId))
            throw Disagree("machineId", machine, identity.MachineId.ToString(), identity);
        if (Json.VaultId is { Length: > 0 } vault && vault != identity.VaultId)
            throw Disagree("vaultId", vault, identity.VaultId, identity);
        var origin = identity.ApiUrl.GetLeftPart(UriPartial.Authority);
        if (Json.ApiUrl is { Length: > 0 } api
            && !(Uri.TryCreate(api, UriKind.Absolute, out var url) && url.GetLeftPart(UriPartial.Authority).Equals(origin, StringComparison.OrdinalIgnoreCase)))
            throw Disagree("apiUrl", api, origin, identity);
    }

    private CliException Disagree(string key, string mine, string theirs, MachineIdentity identity) => new(
        $"{FilePath} and {identity.IdentityPath} disagree on \"{key}\" ({mine} and {theirs}): they come from different bundles; " +
        "extract one .sikkerkey bundle into its own folder.");

    private static CliConfigJson Parse(byte[] bytes, string file)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, CliJson.Default.CliConfigJson) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw new IdentityException($"CLI settings file {file} is not valid{where} (line {e.LineNumber + 1 ?? 1}): {Fix}.", file, e);
        }
    }
}
