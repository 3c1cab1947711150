using System.Text.Json;
using SikkerKey.Signing.Tests;

namespace SikkerKey.Sdk.Tests.Support;

/// <summary>A bundle extracted into a temporary folder: identity.json and private.pem.</summary>
internal sealed class IdentityFolder : IDisposable
{
    public static readonly SigningVector Key = SigningVector.All["get-secret"];

    private IdentityFolder(string path) => Path = path;

    public string Path { get; }

    public string IdentityFile => System.IO.Path.Combine(Path, "identity.json");

    public string PrivateKeyFile => System.IO.Path.Combine(Path, "private.pem");

    public static IdentityFolder Create(string apiUrl, SigningVector? key = null, string? parent = null, string? vaultId = null)
    {
        key ??= Key;
        var folder = new IdentityFolder(parent ?? Directory.CreateTempSubdirectory("sikkerkey-identity-").FullName);
        Directory.CreateDirectory(folder.Path);
        folder.WriteIdentity(new Dictionary<string, object?>
        {
            ["machineId"] = key.MachineId.ToString(),
            ["machineName"] = "docker-calm-otter-3fa1",
            ["vaultId"] = vaultId ?? "vault_test",
            ["apiUrl"] = apiUrl,
            ["privateKeyPath"] = folder.PrivateKeyFile,
        });
        File.WriteAllText(folder.PrivateKeyFile, key.PrivateKeyPem);
        return folder;
    }

    public void WriteIdentity(Dictionary<string, object?> fields) => File.WriteAllText(IdentityFile, JsonSerializer.Serialize(fields));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
