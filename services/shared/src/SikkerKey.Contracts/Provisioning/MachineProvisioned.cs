namespace SikkerKey.Contracts.Provisioning;

/// <summary>A Docker container identity was provisioned; its bundle waits for one download until <paramref name="ExpiresAt"/>. No key material.</summary>
public sealed record MachineProvisioned(Guid ProvisioningId, Guid MachineId, string VaultId, string ProjectId, string MachineName,
    IReadOnlyList<string> SecretIds, Guid ProvisionedBy, DateTimeOffset ExpiresAt, DateTimeOffset ProvisionedAt, string? SourceIp = null) : IIntegrationEvent;
