namespace SikkerKey.Audit.Log;

/// <summary>
/// Where a vault's chain starts once retention has removed its oldest entries: the position and hash of the
/// last removed link, which the first remaining entry chains onto. Written only by the retention sweeper.
/// </summary>
public sealed class ChainAnchor
{
    public string Id { get; set; } = "";
    public long Position { get; set; }
    public string Hash { get; set; } = ChainHash.Genesis;
    public DateTimeOffset SweptAt { get; set; }
}
