using SikkerKey.Audit.Log;

namespace SikkerKey.Audit.Querying;

/// <summary>An entry as <c>GET /api/audit</c> shows it (PRODUCT.md's field names).</summary>
public sealed record AuditEntryView(Guid Id, DateTimeOffset Timestamp, string Action, string Severity, string ActorKind, string? ActorId,
    string? MachineId, string? SecretId, string? ProjectId, string? SourceIp, string? Detail)
{
    public static AuditEntryView Of(AuditEntry e) =>
        new(e.Id, e.OccurredAt, e.Action, e.Severity, e.ActorKind, e.ActorId, e.MachineId, e.SecretId, e.ProjectId, e.SourceIp, e.Detail);
}
