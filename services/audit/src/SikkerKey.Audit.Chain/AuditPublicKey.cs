using System.Text;
using NSec.Cryptography;

namespace SikkerKey.Audit.Chain;

/// <summary>The audit key's public half as <c>GET /api/audit/public-key</c> serves it and an auditor passes it: base64 of the raw 32 bytes, or PEM.</summary>
public static class AuditPublicKey
{
    public static string ToPem(PublicKey key) => Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPublicKeyText));

    public static string ToBase64(PublicKey key) => Convert.ToBase64String(key.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>Null when the text is neither a PEM public key nor base64 of 32 bytes.</summary>
    public static PublicKey? Parse(string text)
    {
        text = text.Trim();
        if (text.StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            return PublicKey.TryImport(Checkpoint.Algorithm, Encoding.ASCII.GetBytes(text), KeyBlobFormat.PkixPublicKeyText, out var pem) ? pem : null;
        var raw = new byte[32];
        return Convert.TryFromBase64String(text, raw, out var written) && written == raw.Length
            && PublicKey.TryImport(Checkpoint.Algorithm, raw, KeyBlobFormat.RawPublicKey, out var key) ? key : null;
    }
}
