using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.Accounts;

/// <summary><c>GET /api/me</c>: who the session belongs to, straight from the principal the gateway resolved.</summary>
public static class MeEndpoint
{
    public sealed record Response(string UserId, string Email, string VaultId, string Role, IReadOnlyDictionary<string, string[]> Permissions);

    public static Response Handle(HttpContext context)
    {
        var me = context.Principal();
        return new Response(me.Id, me.Email ?? "", me.VaultId ?? "", me.Role ?? "", me.Permissions ?? new Dictionary<string, string[]>());
    }
}
