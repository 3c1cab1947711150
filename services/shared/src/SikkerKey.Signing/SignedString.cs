using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SikkerKey.Signing;

/// <summary>
/// The v1 string to sign, <c>{METHOD}:{path}:{timestamp}:{nonce}:{sha256hex(body)}</c>. Every client and the
/// server must produce it byte for byte alike, so it is built in exactly one place.
/// </summary>
public static class SignedString
{
    /// <param name="path">The path as sent on the wire (percent-encoding untouched), without scheme, host or query.</param>
    /// <param name="timestamp">The <c>X-Timestamp</c> text exactly as sent, so a verifier signs what it received.</param>
    public static string Build(string method, string path, string timestamp, string nonce, string bodySha256Hex) =>
        string.Create(CultureInfo.InvariantCulture, $"{method.ToUpperInvariant()}:{path}:{timestamp}:{nonce}:{bodySha256Hex}");

    public static byte[] ToBytes(string signedString) => Encoding.UTF8.GetBytes(signedString);

    /// <summary>Lowercase hex SHA-256 of the raw body bytes; an empty body hashes the empty string.</summary>
    public static string BodyHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
