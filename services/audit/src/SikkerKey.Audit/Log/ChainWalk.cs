using SikkerKey.Audit.Keys;

namespace SikkerKey.Audit.Log;

/// <summary>
/// Follows a chain link by link from a known link (none: the beginning), recomputing each entry's hash and checking
/// its seal: the first entry that is out of place, does not hash to what it stores, or carries a seal the audit key
/// did not make (someone rewrote it and recomputed the hashes after it) is where the chain breaks.
/// </summary>
public sealed class ChainWalk(ChainLink? start, AuditKey key)
{
    /// <summary>The last link that chained correctly.</summary>
    public long Position { get; private set; } = start?.Position ?? 0;

    public string Hash { get; private set; } = start?.Hash ?? ChainHash.Genesis;

    public long Entries { get; private set; }

    public Guid? FirstBroken { get; set; }

    public long? FirstBrokenPosition { get; set; }

    public bool IsIntact => FirstBroken is null;

    /// <summary>Whether the walk ended on this link.</summary>
    public bool EndsAt(ChainLink link) => link.Position == Position && link.Hash == Hash;

    public void Step(AuditEntry entry)
    {
        Entries++;
        if (!IsIntact)
            return;
        if (entry.Position != Position + 1 || ChainHash.Of(Hash, entry) != entry.Hash || !key.IsSealed(entry.Hash, entry.Seal))
        {
            Break(entry.Id, Math.Min(entry.Position, Position + 1));
            return;
        }
        Position = entry.Position;
        Hash = entry.Hash;
    }

    public void Break(Guid entryId, long position)
    {
        FirstBroken ??= entryId;
        FirstBrokenPosition ??= position;
    }
}
