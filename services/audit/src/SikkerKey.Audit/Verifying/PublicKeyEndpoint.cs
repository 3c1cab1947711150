using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Audit.Chain;
using SikkerKey.Audit.Keys;

namespace SikkerKey.Audit.Verifying;

/// <summary><c>GET /api/audit/public-key</c> (any signed-in user): the key checkpoints are signed with, for checking an export offline.</summary>
public static class PublicKeyEndpoint
{
    public sealed record Response(string Algorithm, string PublicKey, string PublicKeyPem);

    public static Ok<Response> Handle(AuditKey key) =>
        TypedResults.Ok(new Response("Ed25519", AuditPublicKey.ToBase64(key.PublicKey), AuditPublicKey.ToPem(key.PublicKey)));
}
