using System.Text.Json;

namespace SikkerKey;

/// <summary>Reads identity.json, keeping every complaint tied to the file and the fix.</summary>
internal static class IdentityFile
{
    private const string Fix = "re-extract identity.json from the .sikkerkey bundle";

    /// <param name="origin">How the path was found, so a wrong path can be traced to where it was set.</param>
    public static MachineIdentity Read(string path, string origin)
    {
        var file = Path.GetFullPath(path);
        var bytes = IdentityFiles.ReadAllBytes(file, $"identity file {file} ({origin})",
            "extract the .sikkerkey bundle there, or set SIKKERKEY_IDENTITY to its identity.json");
        using var json = Parse(bytes, file);
        var root = json.RootElement;
        var machineId = Guid.TryParse(Required(root, "machineId", file), out var id)
            ? id
            : throw new IdentityException($"\"machineId\" in {file} is not a UUID: {Fix}.", file);
        return new MachineIdentity(
            machineId,
            Optional(root, "machineName", file) ?? "",
            Required(root, "vaultId", file),
            ApiUrl.Parse(Required(root, "apiUrl", file), file),
            file,
            PrivateKeyFile.Find(Optional(root, "privateKeyPath", file), file));
    }

    private static JsonDocument Parse(byte[] bytes, string file)
    {
        try
        {
            var json = JsonDocument.Parse(bytes);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                return json;
            json.Dispose();
            throw new IdentityException($"Identity file {file} is not a JSON object: {Fix}.", file);
        }
        catch (JsonException e)
        {
            throw new IdentityException($"Identity file {file} is not valid JSON (line {e.LineNumber + 1}): {Fix}.", file, e);
        }
    }

    private static string Required(JsonElement root, string key, string file) =>
        Optional(root, key, file) ?? throw new IdentityException($"Identity file {file} has no \"{key}\": {Fix}.", file);

    private static string? Optional(JsonElement root, string key, string file) =>
        !root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new IdentityException($"\"{key}\" in {file} must be a string: {Fix}.", file);
}
