using System.Security.Cryptography;

namespace SikkerKey.Signing.Keys;

/// <summary>Unwraps the PEM armour of a private key, naming the common wrong formats so users know what to fix.</summary>
internal static class PemPrivateKey
{
    public const string Expected = "a PKCS#8 PEM Ed25519 key starting with -----BEGIN PRIVATE KEY----- (the private.pem of a SikkerKey bundle)";

    /// <returns>The DER bytes; the caller zeroes them.</returns>
    public static byte[] DecodePkcs8(ReadOnlySpan<char> pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
            throw new InvalidPrivateKeyException($"not a PEM key: expected {Expected}");
        var label = pem[fields.Label].ToString();
        if (label != "PRIVATE KEY")
            throw new InvalidPrivateKeyException(WrongLabel(label));
        var der = new byte[fields.DecodedDataLength];
        if (Convert.TryFromBase64Chars(pem[fields.Base64Data], der, out var written) && written == der.Length)
            return der;
        CryptographicOperations.ZeroMemory(der);
        throw new InvalidPrivateKeyException($"the PEM body is not valid base64: expected {Expected}");
    }

    private static string WrongLabel(string label) => label switch
    {
        "OPENSSH PRIVATE KEY" => $"this is an OpenSSH private key; expected {Expected}",
        "ENCRYPTED PRIVATE KEY" => $"this PKCS#8 key is encrypted; expected an unencrypted key, {Expected}",
        "PUBLIC KEY" => $"this is a public key, not a private key; expected {Expected}",
        _ => $"this is a PEM \"{label}\" block, not PKCS#8; expected {Expected}",
    };
}
