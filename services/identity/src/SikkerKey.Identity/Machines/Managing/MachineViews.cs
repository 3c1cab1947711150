using SikkerKey.Api;

namespace SikkerKey.Identity.Machines.Managing;

/// <summary>A machine as the Machines page and <c>GET /api/machines</c> show it.</summary>
public static class MachineViews
{
    public static MachineView Of(Machine machine, MachineActivity? activity) => new(machine.MachineId, machine.Name, machine.Status,
        machine.OwnerId, machine.ProjectIds, machine.ProvisionedVia, machine.CreatedAt, activity?.LastSeenAt);
}
