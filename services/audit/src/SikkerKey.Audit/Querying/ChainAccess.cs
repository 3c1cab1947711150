using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Audit.Log;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Audit.Querying;

/// <summary>
/// Which chain a request reads: the caller's vault's, or with <c>?chain=system</c> the instance chain, which only
/// instance administrators may read (it holds every address that probed the instance, from any tenant's point of view).
/// </summary>
public static class ChainAccess
{
    public static (string? Chain, JsonHttpResult<ApiError>? Refusal) Resolve(HttpContext context, InstanceAdmins admins, AuditCursor? cursor = null)
    {
        var principal = context.Principal();
        var asked = context.Request.Query["chain"].ToString().Trim();
        var chain = asked.Length == 0 || asked == principal.VaultId ? principal.VaultId! : asked;
        if (chain != principal.VaultId && chain != Chains.System)
            return (null, ApiErrors.BadRequest("chain must be 'system' (the instance chain) or left out (your vault's)"));
        if (chain == Chains.System && !admins.Includes(principal))
            return (null, ApiErrors.Forbidden("the system chain is readable by instance administrators only"));
        if (cursor is not null && cursor.Chain != chain)
            return (null, ApiErrors.BadRequest("cursor belongs to another chain; pass the nextCursor of a page of this one"));
        return (chain, null);
    }
}
