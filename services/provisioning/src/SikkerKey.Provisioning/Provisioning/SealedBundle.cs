using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SikkerKey.Provisioning.Provisioning;

/// <summary>
/// The one thing of a bundle that cannot be rebuilt: the machine's private key, AES-256-GCM sealed under the
/// server's root key (AAD = provisioning id). A deletable document, never an event: it is deleted on download
/// or expiry, after which the key exists only in the user's hands.
/// </summary>
public sealed class SealedBundle
{
    public Guid Id { get; set; }
    public byte[] SealedPrivateKey { get; set; } = [];
}

/// <summary><c>SikkerKey:RootKey</c> / <c>SikkerKey:RootKeyFile</c>, as in the secrets service.</summary>
public sealed class BundleKeyOptions
{
    public string? RootKey { get; set; }
    public string? RootKeyFile { get; set; }
}

public sealed class BundleSealer(IOptions<BundleKeyOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Lazy<byte[]> key = new(() =>
    {
        var text = !string.IsNullOrWhiteSpace(options.Value.RootKey) ? options.Value.RootKey
            : !string.IsNullOrWhiteSpace(options.Value.RootKeyFile) ? File.ReadAllText(options.Value.RootKeyFile)
            : throw new InvalidOperationException("SikkerKey:RootKey or SikkerKey:RootKeyFile must be configured");
        // A key of its own, derived so a bundle blob can never be mistaken for a secrets-service blob.
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(text.Trim()), 32, info: Encoding.UTF8.GetBytes("sikkerkey-bundles"));
    });

    public byte[] Seal(Guid provisioningId, ReadOnlySpan<byte> privateKeyPem)
    {
        var blob = new byte[NonceSize + TagSize + privateKeyPem.Length];
        RandomNumberGenerator.Fill(blob.AsSpan(0, NonceSize));
        using var aes = new AesGcm(key.Value, TagSize);
        aes.Encrypt(blob.AsSpan(0, NonceSize), privateKeyPem, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), provisioningId.ToByteArray());
        return blob;
    }

    public byte[] Open(Guid provisioningId, ReadOnlySpan<byte> blob)
    {
        var pem = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key.Value, TagSize);
        aes.Decrypt(blob[..NonceSize], blob[(NonceSize + TagSize)..], blob.Slice(NonceSize, TagSize), pem, provisioningId.ToByteArray());
        return pem;
    }
}
