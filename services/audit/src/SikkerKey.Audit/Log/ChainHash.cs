using SikkerKey.Audit.Chain;

namespace SikkerKey.Audit.Log;

/// <summary>An entry's link hash, as <see cref="LinkHash"/> defines it for the server and the offline verifier alike.</summary>
public static class ChainHash
{
    public static string Genesis => LinkHash.Genesis;

    public static string Of(string previousHash, AuditEntry entry) => LinkHash.Of(previousHash, entry.Chained());
}
