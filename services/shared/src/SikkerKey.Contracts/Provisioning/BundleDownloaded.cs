namespace SikkerKey.Contracts.Provisioning;

public sealed record BundleDownloaded(Guid ProvisioningId, Guid MachineId, string VaultId, Guid DownloadedBy, string SourceIp, DateTimeOffset DownloadedAt) : IIntegrationEvent;
