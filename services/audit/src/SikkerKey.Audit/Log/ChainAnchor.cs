namespace SikkerKey.Audit.Log;

/// <summary>
/// Where a vault's chain starts once retention has removed its oldest entries: the last removed link, which
/// the first remaining entry chains onto. Written only by the retention sweeper.
/// </summary>
public sealed class ChainAnchor : ChainLink
{
    public DateTimeOffset SweptAt { get; set; }
}
