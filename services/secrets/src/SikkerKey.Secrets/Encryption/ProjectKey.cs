namespace SikkerKey.Secrets.Encryption;

/// <summary>A project's data-encryption key, wrapped under the root key; rewrapping the root never touches values.</summary>
public sealed class ProjectKey
{
    public string Id { get; set; } = "";
    public byte[] Wrapped { get; set; } = [];
}
