namespace SikkerKey.Audit.Log;

/// <summary>A known link of a vault's chain, its position and hash, which the next entry chains onto. Its id is the vault id.</summary>
public abstract class ChainLink
{
    public string Id { get; set; } = "";
    public long Position { get; set; }
    public string Hash { get; set; } = ChainHash.Genesis;
}
