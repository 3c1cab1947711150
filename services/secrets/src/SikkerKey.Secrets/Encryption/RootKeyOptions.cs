namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// The root of the key hierarchy (<c>SikkerKey:RootKey</c> base64, or <c>SikkerKey:RootKeyFile</c>): it only ever
/// wraps project keys, which wrap per-secret data keys, which encrypt values.
/// </summary>
public sealed class RootKeyOptions
{
    public string? RootKey { get; set; }

    public string? RootKeyFile { get; set; }

    public byte[] Resolve()
    {
        var text = !string.IsNullOrWhiteSpace(RootKey) ? RootKey
            : !string.IsNullOrWhiteSpace(RootKeyFile) ? File.ReadAllText(RootKeyFile)
            : throw new InvalidOperationException("SikkerKey:RootKey or SikkerKey:RootKeyFile must be configured");
        var key = Convert.FromBase64String(text.Trim());
        return key.Length == 32 ? key : throw new InvalidOperationException("the root key must be 32 bytes (base64)");
    }
}
