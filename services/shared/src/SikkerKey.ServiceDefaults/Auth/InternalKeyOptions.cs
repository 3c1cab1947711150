namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// The key gateway and services share to sign principals and internal calls
/// (<c>SikkerKey:InternalKey</c>, base64 of ≥ 32 random bytes, or <c>SikkerKey:InternalKeyFile</c>).
/// </summary>
public sealed class InternalKeyOptions
{
    public string? InternalKey { get; set; }

    public string? InternalKeyFile { get; set; }

    public bool TryResolve()
    {
        try
        {
            return Resolve().Length > 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or IOException)
        {
            return false;
        }
    }

    public byte[] Resolve()
    {
        var text = !string.IsNullOrWhiteSpace(InternalKey) ? InternalKey
            : !string.IsNullOrWhiteSpace(InternalKeyFile) ? File.ReadAllText(InternalKeyFile)
            : throw new InvalidOperationException("SikkerKey:InternalKey or SikkerKey:InternalKeyFile must be configured");
        var key = Convert.FromBase64String(text.Trim());
        return key.Length >= 32 ? key : throw new InvalidOperationException("the internal key must be at least 32 bytes");
    }
}
