namespace SikkerKey.Audit.Log;

/// <summary>
/// Follows a chain link by link from a known link (none: the beginning), recomputing each entry's hash: the first
/// entry that is out of place or does not hash to what it stores is where the chain breaks.
/// </summary>
public sealed class ChainWalk(ChainLink? start)
{
    /// <summary>The last link that chained correctly.</summary>
    public long Position { get; private set; } = start?.Position ?? 0;

    public string Hash { get; private set; } = start?.Hash ?? ChainHash.Genesis;

    public long Entries { get; private set; }

    public Guid? FirstBroken { get; set; }

    public bool IsIntact => FirstBroken is null;

    /// <summary>Whether the walk ended on this link.</summary>
    public bool EndsAt(ChainLink link) => link.Position == Position && link.Hash == Hash;

    public void Step(AuditEntry entry)
    {
        Entries++;
        if (!IsIntact)
            return;
        if (entry.Position != Position + 1 || ChainHash.Of(Hash, entry) != entry.Hash)
        {
            FirstBroken = entry.Id;
            return;
        }
        Position = entry.Position;
        Hash = entry.Hash;
    }
}
