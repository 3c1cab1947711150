using System.Security.Cryptography;
using System.Text;

namespace SikkerKey.ServiceDefaults.Keys;

/// <summary>
/// AES-256-GCM: <c>nonce(12) ‖ tag(16) ‖ ciphertext</c>. The associated data binds a blob to what it belongs to
/// (a project, a secret version, a provisioning), so a blob copied onto another row does not open.
/// </summary>
public static class Sealed
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string associatedData) =>
        Seal(key, plaintext, Encoding.UTF8.GetBytes(associatedData));

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var blob = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), associatedData);
        return blob;
    }

    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, string associatedData) =>
        Open(key, blob, Encoding.UTF8.GetBytes(associatedData));

    /// <exception cref="AuthenticationTagMismatchException">Wrong key, wrong associated data, or a changed blob.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, ReadOnlySpan<byte> associatedData)
    {
        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob[..NonceSize], blob[(NonceSize + TagSize)..], blob.Slice(NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
