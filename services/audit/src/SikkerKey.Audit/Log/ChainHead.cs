namespace SikkerKey.Audit.Log;

/// <summary>The newest link of a vault's chain, written only by <see cref="AuditLogProjection"/>.</summary>
public sealed class ChainHead : ChainLink
{
    public Guid LastEntryId { get; set; }
}
