using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Provisioning.Provisioning;

/// <summary>
/// The one thing of a bundle that cannot be rebuilt: the machine's private key, AES-256-GCM sealed under a key
/// derived from the server's root key (AAD = provisioning id). A deletable document, never an event: it is deleted
/// on download or expiry, after which the key exists only in the user's hands.
/// </summary>
public sealed class SealedBundle
{
    public Guid Id { get; set; }
    public byte[] SealedPrivateKey { get; set; } = [];
}

public sealed class BundleSealer(IOptions<RootKeyOptions> options)
{
    private readonly Lazy<byte[]> key = new(() =>
    {
        var root = options.Value.Resolve();
        try
        {
            // A key of its own, derived so a bundle blob can never be mistaken for a secrets-service blob.
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: Encoding.UTF8.GetBytes("sikkerkey-bundles"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(root);
        }
    });

    public byte[] Seal(Guid provisioningId, ReadOnlySpan<byte> privateKeyPem) => Sealed.Seal(key.Value, privateKeyPem, provisioningId.ToByteArray());

    public byte[] Open(Guid provisioningId, ReadOnlySpan<byte> blob) => Sealed.Open(key.Value, blob, provisioningId.ToByteArray());
}
