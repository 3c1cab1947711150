using System.Security.Cryptography;

namespace SikkerKey.Signing.Keys;

/// <summary>
/// A fresh machine keypair. The private half is held only as PEM bytes (never a string, which could not be
/// wiped) and is zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class GeneratedKeyPair(byte[] privateKeyPem, byte[] publicKey) : IDisposable
{
    /// <summary>PKCS#8 PEM, <c>-----BEGIN PRIVATE KEY-----</c>, ASCII: the bundle's <c>private.pem</c>.</summary>
    public byte[] PrivateKeyPem { get; } = privateKeyPem;

    /// <summary>The raw 32-byte Ed25519 public key the server keeps with the machine.</summary>
    public byte[] PublicKey { get; } = publicKey;

    public void Dispose() => CryptographicOperations.ZeroMemory(PrivateKeyPem);
}
