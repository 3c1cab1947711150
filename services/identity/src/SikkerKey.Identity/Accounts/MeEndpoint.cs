using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.Accounts;

/// <summary><c>GET /api/me</c>: who the session belongs to, straight from the principal the gateway resolved.</summary>
public static class MeEndpoint
{
    public static CurrentUser Handle(HttpContext context)
    {
        var me = context.Principal();
        return new CurrentUser(me.Id, me.Email ?? "", me.VaultId ?? "", me.Role ?? "", me.Permissions ?? new Dictionary<string, string[]>());
    }
}
