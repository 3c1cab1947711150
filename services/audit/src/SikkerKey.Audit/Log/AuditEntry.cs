using SikkerKey.Audit.Chain;

namespace SikkerKey.Audit.Log;

/// <summary>
/// One line of the audit log, link <see cref="Position"/> of its chain:
/// <see cref="Hash"/> = SHA-256(previous link's hash ‖ every field below but the hashes).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The message id of the fact, which is the source service's event id.</summary>
    public Guid Id { get; set; }
    /// <summary>The chain: the vault id, or <see cref="Chains.System"/> for facts that belong to no vault.</summary>
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
    /// <summary>The previous link's hash, so a row of the export can be checked on its own.</summary>
    public string PreviousHash { get; set; } = "";
    /// <summary>HMAC of <see cref="Hash"/> under a key derived from the audit key, which the database never sees.</summary>
    public string? Seal { get; set; }
    /// <summary>
    /// Where the fact this entry came from is stored, so retention deletes exactly that event: its stream (one per batch
    /// the recorder consumed) and version there. Null for entries recorded when every fact had a stream of its own, keyed
    /// by the entry's id. Not part of the chain.
    /// </summary>
    public string? FactStream { get; set; }
    public long FactVersion { get; set; }

    public ChainedEntry Chained() =>
        new(Id, VaultId, Position, OccurredAt, Action, Severity, ActorKind, ActorId, MachineId, SecretId, ProjectId, SourceIp, Detail);
}
