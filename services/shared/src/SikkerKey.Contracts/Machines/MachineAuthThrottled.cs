namespace SikkerKey.Contracts.Machines;

/// <summary>
/// Signed requests refused with 429 because what they failed against (<paramref name="MachineId"/> at
/// <paramref name="SourceIp"/>, or the address alone when they named no known machine) was past its lockout limit:
/// <paramref name="Refused"/> of them between <paramref name="FirstRefusedAt"/> and <paramref name="LastRefusedAt"/>.
/// One fact per subject and report, not per request, so a flood cannot grow the audit log without bound.
/// </summary>
public sealed record MachineAuthThrottled(Guid? MachineId, string? VaultId, string SourceIp, int Refused, DateTimeOffset FirstRefusedAt,
    DateTimeOffset LastRefusedAt, DateTimeOffset ReportedAt) : IIntegrationEvent;
