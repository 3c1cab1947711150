using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Audit.Querying;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Audit.Verifying;

/// <summary><c>GET /api/audit/verify</c> (owner, admin, auditor): whether the caller's vault's chain (or the instance chain) is intact, and where it first breaks.</summary>
public static class VerifyAuditEndpoint
{
    public static async Task<Results<Ok<AuditVerification>, JsonHttpResult<ApiError>>> Handle(
        HttpContext context, ChainVerifier verifier, InstanceAdmins admins, CancellationToken cancellationToken)
    {
        var (chain, refusal) = ChainAccess.Resolve(context, admins);
        return chain is null ? refusal! : TypedResults.Ok(await verifier.VerifyAsync(chain, cancellationToken));
    }
}
