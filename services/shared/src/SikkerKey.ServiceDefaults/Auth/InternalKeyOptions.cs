using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// The key gateway and services share to sign principals and internal calls
/// (<c>SikkerKey:InternalKey</c>, base64 of ≥ 32 random bytes, or <c>SikkerKey:InternalKeyFile</c>).
/// </summary>
public sealed class InternalKeyOptions
{
    public string? InternalKey { get; set; }

    public string? InternalKeyFile { get; set; }

    public bool TryResolve() => ConfiguredKey.Resolves(Resolve);

    public byte[] Resolve() => ConfiguredKey.Read(InternalKey, InternalKeyFile, nameof(InternalKey), minBytes: 32);
}
