namespace SikkerKey.Contracts.Secrets;

/// <summary>A machine read a secret's value (source IP as the gateway saw it).</summary>
public sealed record SecretRead(Guid MachineId, string SecretId, string ProjectId, string VaultId, int Version, string SourceIp, DateTimeOffset ReadAt) : IIntegrationEvent;
