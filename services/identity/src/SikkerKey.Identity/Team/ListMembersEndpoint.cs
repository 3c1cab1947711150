using Marten;
using SikkerKey.Api;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.Team;

/// <summary><c>GET /api/team/members</c> (owner/admin): everyone in the caller's vault.</summary>
public static class ListMembersEndpoint
{
    public static async Task<MemberList> Handle(IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var vaultId = context.Principal().VaultId;
        var users = await session.Query<User>().Where(u => u.VaultId == vaultId && !u.Removed).OrderBy(u => u.AddedAt).ToListAsync(cancellationToken);
        return new MemberList(users.Select(u => new Member(u.UserId, u.Email, u.Role, u.Permissions, u.AddedAt)).ToList());
    }
}
