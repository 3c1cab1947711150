namespace SikkerKey.Audit.Log;

/// <summary>
/// One line of a vault's audit log, link <see cref="Position"/> of the vault's hash chain:
/// <see cref="Hash"/> = SHA-256(previous link's hash ‖ <see cref="ChainHash.CanonicalBytes"/>).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The message id of the fact, which is the source service's event id.</summary>
    public Guid Id { get; set; }
    /// <summary>Empty for facts that belong to no vault: they form a chain of their own that no tenant can read.</summary>
    public string VaultId { get; set; } = "";
    public long Position { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Action { get; set; } = "";
    public string Severity { get; set; } = "";
    public string ActorKind { get; set; } = "";
    public string? ActorId { get; set; }
    public string? MachineId { get; set; }
    public string? SecretId { get; set; }
    public string? ProjectId { get; set; }
    public string? SourceIp { get; set; }
    public string? Detail { get; set; }
    public string Hash { get; set; } = "";
}
