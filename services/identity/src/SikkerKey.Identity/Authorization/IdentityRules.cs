using SikkerKey.Identity.Machines;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.Authorization;

/// <summary>
/// Every authorization rule of the identity service, one named rule per action; endpoints call these and write no
/// checks of their own. Route groups add the coarse gates: the team API and permission changes need an owner or
/// admin, <c>/api/machines</c> a team member (never an auditor), the <c>/internal</c> routes a signed service or
/// user principal from another service (the gateway never routes them).
/// </summary>
public static class IdentityRules
{
    /// <summary>Owners and admins see every machine of their vault; a member only the machines they own.</summary>
    public static bool SeeMachine(Principal caller, Machine machine) =>
        machine.VaultId == caller.VaultId && (caller.IsVaultAdmin || (caller.Role == Roles.Member && machine.OwnerId.ToString() == caller.Id));

    /// <summary>
    /// Rename, disable, revoke, delete: a member only their own machines, and only while holding Manage Provisioned
    /// Machines on every project the machine is (or, once revoked, was) linked to — none at all is no permission.
    /// </summary>
    public static bool ManageMachine(Principal caller, Machine machine)
    {
        if (!SeeMachine(caller, machine))
            return false;
        if (caller.IsVaultAdmin)
            return true;
        var projects = machine.ProjectIds.Count > 0 ? machine.ProjectIds : machine.HomeProjectIds;
        return projects.Count > 0 && projects.All(p => caller.Has(p, Permissions.ManageProvisionedMachines));
    }

    /// <summary>A machine an owner or admin disabled is re-enabled only by an owner or admin; a member may undo only their own disable.</summary>
    public static bool EnableMachine(Principal caller, Machine machine) =>
        ManageMachine(caller, machine) && (caller.IsVaultAdmin || machine.DisabledBy is null || machine.DisabledBy.ToString() == caller.Id);

    /// <summary>A user may own a new machine linked to these projects only with Manage Provisioned Machines on each.</summary>
    public static string? RegisterMachineProblem(Principal caller, IReadOnlyList<string> projectIds) =>
        projectIds.FirstOrDefault(p => !caller.Has(p, Permissions.ManageProvisionedMachines)) is { } denied
            ? $"you need Manage Provisioned Machines on project {denied}"
            : null;

    /// <summary>Add and remove members, change their per-project permissions.</summary>
    public static bool ManageTeam(Principal caller) => caller.IsVaultAdmin;
}
