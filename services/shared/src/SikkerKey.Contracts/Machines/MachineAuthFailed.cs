namespace SikkerKey.Contracts.Machines;

/// <summary>
/// A signed request was refused. <paramref name="MachineId"/> is the machine it claimed to be (when its header
/// parsed), <paramref name="VaultId"/> that machine's vault when it exists.
/// </summary>
public sealed record MachineAuthFailed(Guid? MachineId, string? VaultId, string Reason, string Detail, string Method, string Path,
    string SourceIp, DateTimeOffset FailedAt) : IIntegrationEvent;
