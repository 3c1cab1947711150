namespace SikkerKey.Audit.Chain;

/// <summary>Every field of an audit entry that its link hash covers, as the log and its CSV export show it.</summary>
/// <param name="Chain">The vault id, or <c>system</c> for the instance chain.</param>
public sealed record ChainedEntry(Guid Id, string Chain, long Position, DateTimeOffset OccurredAt, string Action, string Severity,
    string ActorKind, string? ActorId, string? MachineId, string? SecretId, string? ProjectId, string? SourceIp, string? Detail);
