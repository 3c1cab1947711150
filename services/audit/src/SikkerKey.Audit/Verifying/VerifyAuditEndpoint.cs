using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Audit.Verifying;

/// <summary><c>GET /api/audit/verify</c> (owner, admin, auditor): whether the caller's vault's hash chain is intact, and where it first breaks.</summary>
public static class VerifyAuditEndpoint
{
    public static async Task<Ok<ChainVerifier.Result>> Handle(HttpContext context, ChainVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(context.Principal().VaultId!, cancellationToken));
}
