using System.Globalization;
using NSec.Cryptography;

namespace SikkerKey.Audit.Chain;

/// <summary>
/// A chain's head at one moment, signed with the audit key (Ed25519), which never enters the database: whoever can
/// write to PostgreSQL can rewrite entries and recompute every later hash, but cannot sign the rewritten head.
/// </summary>
/// <param name="Signature">Base64 of the Ed25519 signature of <see cref="Message"/>.</param>
public sealed record Checkpoint(string Chain, long Position, string Hash, DateTimeOffset SignedAt, string Signature)
{
    public static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>What is signed: the same length-prefixed encoding as a link, so no field can pass for another.</summary>
    public static byte[] Message(string chain, long position, string hash, DateTimeOffset signedAt) =>
        LinkHash.Canonical(["sikkerkey-audit-checkpoint-v1", chain, position.ToString(CultureInfo.InvariantCulture), hash,
            signedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)]);

    public bool IsSignedBy(PublicKey key)
    {
        var signature = new byte[Algorithm.SignatureSize];
        return Convert.TryFromBase64String(Signature, signature, out var written) && written == signature.Length
            && Algorithm.Verify(key, Message(Chain, Position, Hash, SignedAt), signature);
    }
}
