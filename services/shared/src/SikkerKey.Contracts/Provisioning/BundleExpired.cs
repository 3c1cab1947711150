namespace SikkerKey.Contracts.Provisioning;

/// <summary>Nobody downloaded the bundle in time; its encrypted private key has been deleted.</summary>
public sealed record BundleExpired(Guid ProvisioningId, Guid MachineId, string VaultId, DateTimeOffset ExpiredAt) : IIntegrationEvent;
