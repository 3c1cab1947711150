using Marten;
using SikkerKey.Api;
using SikkerKey.Identity.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Contracts.Machines;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Telemetry;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// <c>POST /internal/machines/verify</c>: the gateway hands over what it received of a <c>/v1</c> request and
/// gets the machine principal back, or the refusal to relay. Every check reads current state from PostgreSQL,
/// so a disable, revoke or delete acts on the very next request on every replica. The nonce is recorded only
/// once the signature holds (its primary key refuses a replay on any replica), in a commit shared with the concurrent
/// requests' nonces (<see cref="NonceRecorder"/>); the machine's last-seen time follows when it is
/// <see cref="LastSeenInterval"/> old. Only a refusal consults the lockout (<see cref="AuthLockouts"/>), so a valid
/// request costs one lookup (<see cref="VerifyLookup"/>) and its share of one commit.
/// </summary>
public static class VerifyRequestEndpoint
{
    public sealed record Request(string Method, string Path, bool HasQueryString, Dictionary<string, string> Headers, string BodySha256, string SourceIp);

    private sealed record Refusal(string Reason, string Message, int Status);

    /// <summary>
    /// Last-seen is shown to the second but was rewritten on every request: one row per machine, so a busy machine's
    /// concurrent requests queued for its lock. It is now written when the stored one is at least this old, decided
    /// from the row itself (read with the machine), so every replica agrees without any memory of its own.
    /// </summary>
    public static readonly TimeSpan LastSeenInterval = TimeSpan.FromSeconds(5);

    public static async Task<Results<Ok<Principal>, JsonHttpResult<ApiError>>> Handle(Request request, IDocumentSession session,
        RequestVerifier verifier, VerifyLookup lookup, NonceRecorder nonces, AuthLockouts lockouts, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        Machine? machine = null;
        MachineForVerify? found = null;
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        var signed = new SignedRequest(request.Method, request.Path, request.HasQueryString, name => headers.GetValueOrDefault(name),
            Convert.FromHexString(request.BodySha256));
        var result = await verifier.VerifyAsync(signed, async (id, ct) =>
        {
            found = await lookup.LoadAsync(id, ct);
            machine = found?.Machine;
            // A keyless machine (bundle not downloaded, or expired unused) has nothing a signature could be checked against.
            return machine is null || machine.PublicKey.Length == 0 ? null : Convert.FromBase64String(machine.PublicKey);
        }, cancellationToken);

        var refusal = !result.IsSuccess ? new Refusal(result.Error.Reason.ToString(), result.Error.Message, result.Error.StatusCode)
            : machine!.Status != MachineStatus.Approved ? new Refusal("MachineIs" + Capitalized(machine.Status), $"machine is {machine.Status}", 401)
            : null;
        if (refusal is not null)
            return await RefuseAsync(session, lockouts, request, result.Error?.ClaimedMachineId ?? machine?.MachineId, machine, refusal, time, context, cancellationToken);

        var nonce = new UsedNonce { Id = UsedNonce.KeyFor(machine!.MachineId, result.Request!.Nonce), ExpiresAt = result.Request.ReplayWindowEndsAt };
        if (!await nonces.RecordAsync(nonce, cancellationToken))
        {
            var replayed = new Refusal("ReplayedNonce", "nonce already used: every request needs a fresh X-Nonce", 401);
            return await RefuseAsync(session, lockouts, request, machine.MachineId, machine, replayed, time, context, cancellationToken);
        }
        await RecordLastSeenAsync(session, lookup, found!, time.GetUtcNow(), cancellationToken);
        // The owner's current role and permissions travel with the machine: its reads are checked against what the owner
        // may read right now (a machine can never read what its creator could not), on every request, without the bus.
        var owner = found!.Owner;
        var current = owner is { Removed: false } && owner.VaultId == machine.VaultId ? owner : null;
        return TypedResults.Ok(new Principal(PrincipalKind.Machine, machine.Id, machine.VaultId, Role: current?.Role, Email: machine.Name,
            Permissions: current?.Permissions));
    }

    /// <summary>
    /// Counts the refusal against what failed and audits it, or, once that is past its limit, answers 429: such a
    /// refusal is only counted, and reported with the others of its subject as one <c>machine_auth_throttled</c> fact
    /// (<see cref="ThrottledRefusals"/>), so a flood leaves a trace without buying an audit entry per request.
    /// </summary>
    private static async Task<JsonHttpResult<ApiError>> RefuseAsync(IDocumentSession requestSession, AuthLockouts lockouts, Request request,
        Guid? claimed, Machine? machine, Refusal refusal, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        // A refusal before the key lookup (a clock off, a malformed nonce) may still name a known machine.
        if (machine is null && claimed is { } id && refusal.Reason != nameof(VerificationFailure.UnknownMachine))
            machine = await requestSession.LoadAsync<Machine>(id.ToString(), cancellationToken);
        var subject = machine is null ? AuthLockouts.ForAddress(request.SourceIp) : AuthLockouts.ForMachine(machine.MachineId, machine.VaultId, request.SourceIp);
        if (await lockouts.CountFailureAsync(subject, cancellationToken) is { } lockedFor)
        {
            SikkerKeyMetrics.MachineAuthFailures.Add(1, SikkerKeyMetrics.Label("reason", "LockedOut"));
            var message = machine is null
                ? "too many refused requests naming no known machine from this address; try again later"
                : $"too many refused requests from machine {machine.MachineId} ({refusal.Message}); try again later";
            return ApiErrors.RetryLater(context.Response, StatusCodes.Status429TooManyRequests, message, lockedFor);
        }

        await using var session = requestSession.DocumentStore.LightweightSession();
        var fact = new MachineAuthFailed(claimed, machine?.VaultId, refusal.Reason, refusal.Message, request.Method, request.Path, request.SourceIp, time.GetUtcNow());
        // A stream per failure: a burst of forged requests for one machine must not race for its stream's version.
        session.Events.StartStream(Guid.NewGuid().ToString(), fact);
        await session.SaveChangesAsync(cancellationToken);
        SikkerKeyMetrics.MachineAuthFailures.Add(1, SikkerKeyMetrics.Label("reason", refusal.Reason));
        return ApiErrors.Status(refusal.Status, refusal.Message);
    }

    /// <summary>
    /// Last-seen is written after the nonce, in a commit of its own, and only when due: once per machine per interval, so
    /// joining it to the nonces' group commit would save one commit in thousands of reads and make every batch an
    /// explicit transaction. A replayed request never reaches it.
    /// </summary>
    private static async Task RecordLastSeenAsync(IDocumentSession session, VerifyLookup lookup, MachineForVerify found, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var seen = new MachineActivity { Id = found.Machine.Id, LastSeenAt = now };
        if (found.Activity is null)
            session.Store(seen);
        else if (now - found.Activity.LastSeenAt >= LastSeenInterval)
            lookup.StageLastSeen(session, seen, now - LastSeenInterval);
        else
            return;
        await session.SaveChangesAsync(cancellationToken);
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
