namespace SikkerKey.Contracts.Secrets;

/// <summary>
/// A stored value, its data key or its current-version pointer did not open under what it is bound to (vault, project,
/// secret, version): the database was changed behind the service's back. Nothing was served. <paramref name="ReadBy"/>
/// is the user who asked, <paramref name="MachineId"/> the machine; a system task leaves both null.
/// </summary>
public sealed record SecretIntegrityFailed(string SecretId, string ProjectId, string VaultId, int Version, Guid? MachineId, Guid? ReadBy,
    string Reason, string SourceIp, DateTimeOffset FailedAt) : IIntegrationEvent;
