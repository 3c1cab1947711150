namespace SikkerKey.Api;

/// <summary>An entry as <c>GET /api/audit</c> shows it.</summary>
public sealed record AuditEntryView(Guid Id, DateTimeOffset Timestamp, string Action, string Severity, string ActorKind, string? ActorId,
    string? MachineId, string? SecretId, string? ProjectId, string? SourceIp, string? Detail);

/// <summary><c>GET /api/audit?…</c>: newest first, a page at a time.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, string? NextCursor) : IPage<AuditEntryView>
{
    IReadOnlyList<AuditEntryView> IPage<AuditEntryView>.Items => Entries;
}

/// <summary><c>GET /api/audit/verify</c>: whether the chain is intact, where it first breaks, and its last signed checkpoint.</summary>
public sealed record AuditVerification(bool Valid, long Entries, Guid? FirstBrokenId, long? FirstBrokenPosition, int Checkpoints, VerifiedCheckpoint? LastCheckpoint);

public sealed record VerifiedCheckpoint(long Position, string Hash, DateTimeOffset SignedAt);
