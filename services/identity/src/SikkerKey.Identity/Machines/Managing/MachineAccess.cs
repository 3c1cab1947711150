using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Identity.Authorization;
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
    public static bool CanSee(Principal caller, Machine machine) => IdentityRules.SeeMachine(caller, machine);

    /// <summary>Loads a machine the caller may change by <paramref name="rule"/> (default <see cref="IdentityRules.ManageMachine"/>), or the error to return.</summary>
    public static async Task<(Machine? Machine, JsonHttpResult<ApiError>? Error)> LoadForChangeAsync(
        IQuerySession session, Principal caller, Guid machineId, CancellationToken cancellationToken, Func<Principal, Machine, bool>? rule = null) =>
        ForChange(caller, await session.LoadAsync<Machine>(machineId.ToString(), cancellationToken), rule);

    /// <summary>The machine if the caller may change it by <paramref name="rule"/>, or the error to return.</summary>
    public static (Machine? Machine, JsonHttpResult<ApiError>? Error) ForChange(Principal caller, Machine? machine, Func<Principal, Machine, bool>? rule = null)
    {
        if (machine is null || !CanSee(caller, machine))
            return (null, ApiErrors.NotFound("no such machine"));
        if (!IdentityRules.ManageMachine(caller, machine))
            return (null, ApiErrors.Forbidden("you need Manage Provisioned Machines on this machine's projects"));
        return (rule ?? IdentityRules.ManageMachine)(caller, machine)
            ? (machine, null)
            : (null, ApiErrors.Forbidden("an owner or admin disabled this machine; only an owner or admin can enable it"));
    }
}
