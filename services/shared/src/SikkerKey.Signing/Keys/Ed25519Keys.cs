using System.Security.Cryptography;
using System.Runtime.InteropServices;
using System.Text;
using NSec.Cryptography;

namespace SikkerKey.Signing.Keys;

/// <summary>Creating and reading machine keys: Ed25519, private keys as PKCS#8 PEM, public keys as raw 32 bytes.</summary>
public static class Ed25519Keys
{
    public static SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public static GeneratedKeyPair Generate()
    {
        using var key = Key.Create(Algorithm, Exportable(true));
        return new GeneratedKeyPair(
            key.Export(KeyBlobFormat.PkixPrivateKeyText),
            key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>Reads a PKCS#8 PEM Ed25519 private key; anything else throws with what it is and what is needed.</summary>
    /// <exception cref="InvalidPrivateKeyException">The bytes are not a PKCS#8 PEM Ed25519 private key.</exception>
    public static Key ImportPrivateKeyPem(ReadOnlySpan<byte> pem, bool allowExport = false)
    {
        var chars = new char[Encoding.UTF8.GetMaxCharCount(pem.Length)];
        try
        {
            var length = Encoding.UTF8.GetChars(pem, chars);
            return ImportPrivateKeyPem(chars.AsSpan(0, length), allowExport);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chars.AsSpan()));
        }
    }

    /// <inheritdoc cref="ImportPrivateKeyPem(ReadOnlySpan{byte}, bool)"/>
    public static Key ImportPrivateKeyPem(ReadOnlySpan<char> pem, bool allowExport = false)
    {
        var der = PemPrivateKey.DecodePkcs8(pem);
        try
        {
            return Key.TryImport(Algorithm, der, KeyBlobFormat.PkixPrivateKey, out var key, Exportable(allowExport))
                ? key!
                : throw new InvalidPrivateKeyException(
                    $"this PKCS#8 key is not a valid Ed25519 key (machine keys are Ed25519); expected {PemPrivateKey.Expected}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Reads a raw 32-byte Ed25519 public key, as stored with a machine.</summary>
    public static bool TryImportPublicKey(ReadOnlySpan<byte> raw, out PublicKey? publicKey) =>
        PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out publicKey);

    private static KeyCreationParameters Exportable(bool allowExport) => new()
    {
        ExportPolicy = allowExport ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None,
    };
}
