using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Machines.Managing;

/// <summary>
/// Who may see and manage a machine: owners and admins all machines of their vault; a member only the
/// machines they own, and changes only while they hold Manage Provisioned Machines on its projects.
/// Machines of other vaults, and other members' machines, do not exist for the caller (404).
/// </summary>
public static class MachineAccess
{
    public static bool CanSee(Principal caller, Machine machine) =>
        machine.VaultId == caller.VaultId && (caller.IsVaultAdmin || (caller.Role == Roles.Member && machine.OwnerId.ToString() == caller.Id));

    public static bool CanManage(Principal caller, Machine machine) =>
        CanSee(caller, machine) && machine.ProjectIds.All(p => caller.Has(p, Permissions.ManageProvisionedMachines));

    /// <summary>Loads a machine the caller may manage, or the error to return.</summary>
    public static async Task<(Machine? Machine, JsonHttpResult<ApiError>? Error)> LoadForChangeAsync(
        IQuerySession session, Principal caller, Guid machineId, CancellationToken cancellationToken)
    {
        var machine = await session.LoadAsync<Machine>(machineId.ToString(), cancellationToken);
        if (machine is null || !CanSee(caller, machine))
            return (null, ApiErrors.NotFound("no such machine"));
        return CanManage(caller, machine)
            ? (machine, null)
            : (null, ApiErrors.Forbidden("you need Manage Provisioned Machines on this machine's projects"));
    }
}
