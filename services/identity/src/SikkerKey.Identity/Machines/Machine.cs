using Marten.Events.Aggregation;
using SikkerKey.Contracts.Machines;
using SikkerKey.Identity.Machines.Keying;

namespace SikkerKey.Identity.Machines;

public static class MachineStatus
{
    public const string Approved = "approved";
    public const string Disabled = "disabled";
    /// <summary>Final: enable cannot undo it.</summary>
    public const string Revoked = "revoked";
    /// <summary>Final: its bundle expired before anyone downloaded it, so no private key for it was ever made.</summary>
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Approved, Disabled, Revoked, Expired];
}

/// <summary>How a machine came to be: registration and the machine list's filter accept these and nothing else.</summary>
public static class ProvisionedVia
{
    public const string Docker = "docker";
    public const string Manual = "manual";

    public const string Problem = "provisionedVia must be docker or manual";

    public static bool IsKnown(string via) => via is Docker or Manual;
}

/// <summary>A machine identity, projected inline from its stream (keyed by the machine UUID as text).</summary>
public sealed class Machine
{
    public string Id { get; set; } = "";
    public Guid MachineId { get; set; }
    public string VaultId { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid OwnerId { get; set; }
    /// <summary>
    /// Raw 32-byte Ed25519 public key, base64; empty for a Docker machine until its bundle is downloaded (the keypair
    /// is made then), and forever if the bundle expires: a machine without a key cannot authenticate.
    /// </summary>
    public string PublicKey { get; set; } = "";
    public string Status { get; set; } = MachineStatus.Approved;
    public List<string> ProjectIds { get; set; } = [];
    /// <summary>The projects it was registered for; kept after revocation clears <see cref="ProjectIds"/>, so who may still manage it stays decidable.</summary>
    public List<string> HomeProjectIds { get; set; } = [];
    /// <summary>Who disabled it, while disabled: an owner's or admin's disable is undone only by an owner or admin.</summary>
    public Guid? DisabledBy { get; set; }
    public string ProvisionedVia { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class MachineProjection : SingleStreamProjection<Machine, string>
{
    public MachineProjection() => DeleteEvent<MachineDeleted>();

    public static Machine Create(MachineRegistered registered) => new()
    {
        Id = registered.MachineId.ToString(),
        MachineId = registered.MachineId,
        VaultId = registered.VaultId,
        Name = registered.Name,
        OwnerId = registered.OwnerId,
        PublicKey = registered.PublicKey,
        ProjectIds = [.. registered.ProjectIds],
        HomeProjectIds = [.. registered.ProjectIds],
        ProvisionedVia = registered.ProvisionedVia,
        CreatedAt = registered.RegisteredAt,
    };

    public static void Apply(MachineRenamed renamed, Machine machine) => machine.Name = renamed.NewName;

    public static void Apply(MachineDisabled disabled, Machine machine)
    {
        machine.Status = MachineStatus.Disabled;
        machine.DisabledBy = disabled.DisabledBy;
    }

    public static void Apply(MachineEnabled _, Machine machine)
    {
        machine.Status = MachineStatus.Approved;
        machine.DisabledBy = null;
    }

    public static void Apply(MachineRevoked _, Machine machine)
    {
        machine.Status = MachineStatus.Revoked;
        machine.ProjectIds.Clear();
    }

    public static void Apply(MachineLinksPruned _, Machine machine) => machine.ProjectIds.Clear();

    public static void Apply(MachineKeyIssued issued, Machine machine) => machine.PublicKey = issued.PublicKey;

    public static void Apply(MachineBundleExpired _, Machine machine)
    {
        if (machine.Status != MachineStatus.Revoked)
            machine.Status = MachineStatus.Expired;
    }
}
