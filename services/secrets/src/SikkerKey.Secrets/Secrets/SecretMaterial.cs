namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// The encrypted side of a secret, kept out of the event streams so it can really be deleted: the data key
/// wrapped under the project key, one sealed value per version, and the current version sealed under the data key,
/// each bound to vault, project and secret (<see cref="Encryption.Bindings"/>).
/// </summary>
public sealed class SecretMaterial
{
    public string Id { get; set; } = "";
    /// <summary>0 for material written before issue 21 (format 1 bindings, no sealed pointer); <see cref="Encryption.Bindings.CurrentFormat"/> after.</summary>
    public int Format { get; set; }
    public byte[] WrappedDataKey { get; set; } = [];
    public Dictionary<int, byte[]> Values { get; set; } = [];
    /// <summary>The version reads must serve, sealed, so editing the secret's <c>CurrentVersion</c> cannot roll a value back unnoticed.</summary>
    public byte[] SealedCurrentVersion { get; set; } = [];
}
