namespace SikkerKey.Audit.Log;

/// <summary>The newest link of a vault's chain, written only by <see cref="AuditLogProjection"/>. Its id is the vault id.</summary>
public sealed class ChainHead
{
    public string Id { get; set; } = "";
    public long Position { get; set; }
    public string Hash { get; set; } = ChainHash.Genesis;
    public Guid LastEntryId { get; set; }
}
