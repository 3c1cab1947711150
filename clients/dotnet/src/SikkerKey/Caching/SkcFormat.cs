using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SikkerKey;

/// <summary>
/// The official SikkerKey CLI's <c>.skc</c> cache format, byte for byte, so a cache file written by any SikkerKey client
/// opens in every other: key = HKDF-SHA256(Ed25519 seed, salt = vault id, info = <c>sikkerkey-cache-v1</c>);
/// entry = AES-256-GCM with a random 12-byte nonce over <c>{name,value,fieldNames}</c>, its AAD binding the entry to
/// vault, machine, secret and time.
/// </summary>
internal static class SkcFormat
{
    public const int Version = 1;
    public const string Info = "sikkerkey-cache-v1";
    public const string Extension = ".skc";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] DeriveKey(ReadOnlySpan<byte> seed, string vaultId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, seed.ToArray(), 32, Encoding.UTF8.GetBytes(vaultId), Encoding.UTF8.GetBytes(Info));

    // NUL-separated: none of the parts can hold a NUL.
    public static byte[] Aad(string vaultId, string machineId, string secretId, long cachedAt) =>
        Encoding.UTF8.GetBytes($"{Info}\0{vaultId}\0{machineId}\0{secretId}\0{cachedAt.ToString(CultureInfo.InvariantCulture)}");

    /// <returns>The nonce and the ciphertext with its 16-byte tag appended, as Go's GCM Seal lays them out.</returns>
    public static (byte[] Nonce, byte[] Sealed) Seal(byte[] key, byte[] plaintext, byte[] aad)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using var gcm = new AesGcm(key, TagSize);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return (nonce, output);
    }

    /// <summary>The file as Go's encoding/json writes it (System.Text.Json would escape base64's <c>+</c>).</summary>
    public static byte[] Envelope(byte[] nonce, byte[] sealedBytes, long cachedAt) => Encoding.UTF8.GetBytes(
        $"{{\"v\":{Version},\"nonce\":\"{Convert.ToBase64String(nonce)}\",\"ct\":\"{Convert.ToBase64String(sealedBytes)}\",\"cachedAt\":{cachedAt.ToString(CultureInfo.InvariantCulture)}}}");

    /// <returns><c>null</c> when the entry does not open under this key and AAD: tampered, moved or another machine's.</returns>
    public static byte[]? Open(byte[] key, byte[] nonce, byte[] sealedBytes, byte[] aad)
    {
        if (nonce.Length != NonceSize || sealedBytes.Length < TagSize)
            return null;
        var length = sealedBytes.Length - TagSize;
        var plaintext = new byte[length];
        using var gcm = new AesGcm(key, TagSize);
        try
        {
            gcm.Decrypt(nonce, sealedBytes.AsSpan(0, length), sealedBytes.AsSpan(length), plaintext, aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
