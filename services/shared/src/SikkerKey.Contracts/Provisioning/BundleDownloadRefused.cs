namespace SikkerKey.Contracts.Provisioning;

/// <summary>A download was refused (<paramref name="Reason"/>: another user, another vault, already downloaded, expired).</summary>
public sealed record BundleDownloadRefused(Guid ProvisioningId, Guid MachineId, string VaultId, Guid UserId, string Reason, string SourceIp, DateTimeOffset RefusedAt) : IIntegrationEvent;
