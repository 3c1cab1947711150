using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using SikkerKey.Audit.Chain;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Audit.Keys;

/// <summary>
/// The audit key (<c>SikkerKey:Audit:KeyFile</c>, or <c>SikkerKey:Audit:Key</c> inline: base64 of a 32-byte Ed25519 seed),
/// held only by the audit service and never written to the database. It signs checkpoints of each chain's head, and a
/// MAC key derived from it seals every entry's hash, so someone who can write to PostgreSQL but lacks this key can
/// neither re-sign a rewritten head nor reseal a rewritten entry: verify then names exactly the entry they changed.
/// </summary>
public sealed class AuditKey : IDisposable
{
    private readonly Key signingKey;
    private readonly byte[] sealKey;

    private AuditKey(byte[] seed)
    {
        signingKey = Key.Import(Checkpoint.Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        sealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, 32, info: Encoding.UTF8.GetBytes("sikkerkey audit entry seal v1"));
        PublicKey = signingKey.PublicKey;
    }

    public PublicKey PublicKey { get; }

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the setting or file, never the key, when none is usable.</summary>
    public static AuditKey FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("SikkerKey:Audit");
        var seed = ConfiguredKey.Read(section["Key"], section["KeyFile"], "Audit:Key", 32, 32);
        try
        {
            return new AuditKey(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public Checkpoint Sign(string chain, long position, string hash, DateTimeOffset signedAt) =>
        new(chain, position, hash, signedAt, Convert.ToBase64String(Checkpoint.Algorithm.Sign(signingKey, Checkpoint.Message(chain, position, hash, signedAt))));

    public string Seal(string hash) => Convert.ToHexStringLower(HMACSHA256.HashData(sealKey, Encoding.ASCII.GetBytes(hash)));

    public bool IsSealed(string hash, string? seal) =>
        seal is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Seal(hash)), Encoding.ASCII.GetBytes(seal));

    public void Dispose()
    {
        signingKey.Dispose();
        CryptographicOperations.ZeroMemory(sealKey);
    }
}
