using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SikkerKey.Contracts.Machines;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// <c>POST /internal/machines/verify</c>: the gateway hands over what it received of a <c>/v1</c> request and
/// gets the machine principal back, or the refusal to relay. Every check reads current state from PostgreSQL,
/// so a disable, revoke or delete acts on the very next request on every replica. The nonce is recorded only
/// once the signature holds, together with the machine's last-seen time, in one transaction.
/// </summary>
public static class VerifyRequestEndpoint
{
    public sealed record Request(string Method, string Path, bool HasQueryString, Dictionary<string, string> Headers, string BodySha256, string SourceIp);

    public static async Task<Results<Ok<Principal>, JsonHttpResult<ApiError>>> Handle(Request request, IDocumentSession session,
        RequestVerifier verifier, IOptions<AuthLockoutOptions> lockout, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now - lockout.Value.Window;
        if (await session.Query<AuthFailure>().CountAsync(f => f.SourceIp == request.SourceIp && f.At > since, cancellationToken) >= lockout.Value.Failures)
            return ApiErrors.TooManyRequests("too many failed authentications from this address; try again later");

        Machine? machine = null;
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        var signed = new SignedRequest(request.Method, request.Path, request.HasQueryString, name => headers.GetValueOrDefault(name),
            Convert.FromHexString(request.BodySha256));
        var result = await verifier.VerifyAsync(signed, async (id, ct) =>
        {
            machine = await session.LoadAsync<Machine>(id.ToString(), ct);
            return machine is null ? null : Convert.FromBase64String(machine.PublicKey);
        }, cancellationToken);

        var refusal = !result.IsSuccess ? (result.Error.Reason.ToString(), result.Error.Message, result.Error.StatusCode)
            : machine!.Status != MachineStatus.Approved ? ("MachineNot" + Capitalized(machine.Status), $"machine is {machine.Status}", 401)
            : default((string Reason, string Message, int Status)?);
        if (refusal is { } refused)
            return await RefuseAsync(session, request, result.Error?.ClaimedMachineId ?? machine?.MachineId, machine, refused, now, cancellationToken);

        session.Insert(new UsedNonce { Id = UsedNonce.KeyFor(machine!.MachineId, result.Request!.Nonce), ExpiresAt = result.Request.ReplayWindowEndsAt });
        session.Store(new MachineActivity { Id = machine.Id, LastSeenAt = now });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return await RefuseAsync(session, request, machine.MachineId, machine, ("ReplayedNonce", "nonce already used: every request needs a fresh X-Nonce", 401), now, cancellationToken);
        }
        return TypedResults.Ok(new Principal(PrincipalKind.Machine, machine.Id, machine.VaultId, Email: machine.Name));
    }

    /// <summary>Records the refusal in a session of its own: the request's session may hold a failed commit.</summary>
    private static async Task<JsonHttpResult<ApiError>> RefuseAsync(IDocumentSession requestSession, Request request, Guid? claimed, Machine? machine,
        (string Reason, string Message, int Status) refusal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = requestSession.DocumentStore.LightweightSession();
        session.Insert(new AuthFailure { Id = Guid.NewGuid(), SourceIp = request.SourceIp, At = now });
        var fact = new MachineAuthFailed(claimed, machine?.VaultId, refusal.Reason, refusal.Message, request.Method, request.Path, request.SourceIp, now);
        // A stream per failure: a burst of forged requests for one machine must not race for its stream's version.
        session.Events.StartStream(Guid.NewGuid().ToString(), fact);
        await session.SaveChangesAsync(cancellationToken);
        return ApiErrors.Status(refusal.Status, refusal.Message);
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
