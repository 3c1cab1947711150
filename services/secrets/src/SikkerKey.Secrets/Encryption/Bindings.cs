namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// What each ciphertext is bound to (its AES-GCM associated data). Format 2 (issue 21) binds a data key to its vault,
/// project and secret, a value also to its version, and the current-version pointer to the secret, so a database
/// writer who moves a row to another vault or project, swaps blobs, or points <c>CurrentVersion</c> at an older
/// value makes the read fail instead of serving it. Ids are checked to be free of line breaks, so the lines cannot run together.
/// Format 1 bound only the secret id (and version); its blobs are re-sealed as format 2 at start (LegacyMaterialUpgrade).
/// </summary>
public sealed record Bindings(string VaultId, string ProjectId, string SecretId)
{
    public const int CurrentFormat = 2;

    public string DataKey => $"sikkerkey/data-key/v2\n{VaultId}\n{ProjectId}\n{SecretId}";

    public string Value(int version) => $"sikkerkey/value/v2\n{VaultId}\n{ProjectId}\n{SecretId}\n{version}";

    public string CurrentVersion => $"sikkerkey/current-version/v2\n{VaultId}\n{ProjectId}\n{SecretId}";

    /// <summary>The plaintext of the sealed current-version pointer.</summary>
    public static byte[] SealedVersion(int version)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, version);
        return bytes;
    }

    public string LegacyDataKey => "secret:" + SecretId;

    public string LegacyValue(int version) => $"{SecretId}:{version}";
}
