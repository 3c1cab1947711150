using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Accounts;
using SikkerKey.Contracts.Machines;
using SikkerKey.Identity.Accounts;
using SikkerKey.Identity.Machines;
using SikkerKey.Identity.Sessions;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Team;

/// <summary>
/// <c>DELETE /api/team/members/{userId}</c> (owner/admin): the user's sessions and credentials are deleted
/// in the same transaction as the fact, so they are locked out before the call returns;
/// <see cref="TeamMemberRemoved"/> then prunes their machines' links and grants.
/// </summary>
public static class RemoveMemberEndpoint
{
    public static async Task<Results<NoContent, JsonHttpResult<ApiError>>> Handle(
        Guid userId, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var user = await session.LoadAsync<User>(userId.ToString(), cancellationToken);
        if (user is null || user.Removed || user.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such team member");
        if (user.Role == Roles.Owner)
            return ApiErrors.Conflict("the vault owner cannot be removed");
        if (user.Id == caller.Id)
            return ApiErrors.Conflict("you cannot remove yourself");

        session.Events.Append(user.Id, new TeamMemberRemoved(user.UserId, user.VaultId, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        var now = time.GetUtcNow();
        var machines = await session.Query<Machine>().Where(m => m.OwnerId == user.UserId).ToListAsync(cancellationToken);
        foreach (var machine in machines.Where(m => m.ProjectIds.Count > 0))
            session.Events.Append(machine.Id, new MachineLinksPruned(machine.MachineId, machine.VaultId, user.UserId, now));
        session.Delete<Credentials>(Credentials.KeyFor(user.Email));
        session.DeleteWhere<Session>(s => s.UserId == user.UserId);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
