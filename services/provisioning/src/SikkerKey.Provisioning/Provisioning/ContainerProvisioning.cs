using Marten.Events.Aggregation;
using SikkerKey.Contracts.Provisioning;

namespace SikkerKey.Provisioning.Provisioning;

/// <summary>
/// One Docker provisioning request, projected inline from its stream: who may download its bundle, until when,
/// and whether it already was. The expiry sweeper queries the pending ones by <see cref="ExpiresAt"/>.
/// </summary>
public sealed class ContainerProvisioning
{
    public string Id { get; set; } = "";
    public Guid ProvisioningId { get; set; }
    public Guid MachineId { get; set; }
    public string MachineName { get; set; } = "";
    public string VaultId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public Guid ProvisionedBy { get; set; }
    public DateTimeOffset ProvisionedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? DownloadedAt { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }

    public bool Pending => DownloadedAt is null && ExpiredAt is null;
}

public sealed class ContainerProvisioningProjection : SingleStreamProjection<ContainerProvisioning, string>
{
    public static ContainerProvisioning Create(MachineProvisioned provisioned) => new()
    {
        Id = provisioned.ProvisioningId.ToString(),
        ProvisioningId = provisioned.ProvisioningId,
        MachineId = provisioned.MachineId,
        MachineName = provisioned.MachineName,
        VaultId = provisioned.VaultId,
        ProjectId = provisioned.ProjectId,
        ProvisionedBy = provisioned.ProvisionedBy,
        ProvisionedAt = provisioned.ProvisionedAt,
        ExpiresAt = provisioned.ExpiresAt,
    };

    public static void Apply(BundleDownloaded downloaded, ContainerProvisioning provisioning) => provisioning.DownloadedAt = downloaded.DownloadedAt;

    public static void Apply(BundleExpired expired, ContainerProvisioning provisioning) => provisioning.ExpiredAt = expired.ExpiredAt;
}
