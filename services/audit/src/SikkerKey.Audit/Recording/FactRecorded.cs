namespace SikkerKey.Audit.Recording;

/// <summary>
/// The audit service's own event: one integration event as the audit log reads it, reduced to whitelisted
/// fields. Not an integration event itself, so the forwarder never sends it back to the bus.
/// </summary>
/// <param name="Id">The message id, which is the source service's Marten event id.</param>
/// <param name="VaultId">Null for facts that belong to no vault (a failed login for an unknown email).</param>
/// <param name="OccurredAt">When the fact happened, as the source recorded it (its last <c>…At</c> field).</param>
public sealed record FactRecorded(Guid Id, string Action, string Severity, string ActorKind, string? ActorId, string? MachineId,
    string? SecretId, string? ProjectId, string? SourceIp, string? Detail, string? VaultId, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);
