namespace SikkerKey.Contracts.Secrets;

/// <summary>A machine asked for a secret it holds no grant on.</summary>
public sealed record SecretReadDenied(Guid MachineId, string SecretId, string ProjectId, string VaultId, string Reason, string SourceIp, DateTimeOffset DeniedAt) : IIntegrationEvent;
