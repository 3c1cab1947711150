using Marten.Events.Aggregation;
using SikkerKey.Contracts.Accounts;

namespace SikkerKey.Identity.Accounts;

/// <summary>A tenant: its owner, its plan's machine quota, whether it may be used.</summary>
public sealed class Vault
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid OwnerId { get; set; }
    public int MachineQuota { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class VaultProjection : SingleStreamProjection<Vault, string>
{
    public static Vault Create(VaultCreated created) => new()
    {
        Id = created.VaultId,
        Name = created.Name,
        OwnerId = created.OwnerId,
        MachineQuota = created.MachineQuota,
        CreatedAt = created.CreatedAt,
    };
}
