using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Machines.Keying;

/// <summary>
/// <c>POST /internal/machines/{id}/key</c>, called by the provisioning service while it serves a bundle download:
/// records the public half of the keypair it just made in memory. A key is set once, on an approved keyless
/// Docker machine, with the machine's stream locked, so of two concurrent downloads exactly one key is recorded; the
/// loser gets 409 and its private key is thrown away unseen. A machine that cannot take a key now answers differently,
/// so the download can say why: disabled is 423 (enable it and the link works again until it expires), revoked or
/// expired is 410 (for good).
/// </summary>
public static class IssueKeyEndpoint
{
    public sealed record Request(string? PublicKey);

    public static async Task<Results<NoContent, JsonHttpResult<ApiError>>> Handle(Guid machineId, Request request, IDocumentSession session,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var key = new byte[48];
        if (request.PublicKey is null || !Convert.TryFromBase64String(request.PublicKey, key, out var written) || written != 32)
            return ApiErrors.BadRequest("publicKey must be a raw 32-byte Ed25519 public key in base64");
        // The stream's row locked until the commit, as every change to a machine takes it (ChangeMachineEndpoints): a
        // revoke racing the download takes its turn before or after this key, never beside it. With the optimistic
        // fetch, the two appends deadlocked on the stream's row in the suite, and the download answered 503.
        var stream = await session.Events.FetchForExclusiveWriting<Machine>(machineId.ToString(), cancellationToken);
        if (stream.Aggregate is not { } machine || machine.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such machine");
        if (machine.ProvisionedVia != "docker" || machine.PublicKey.Length != 0)
            return ApiErrors.Conflict("this machine already has its key");
        if (machine.Status == MachineStatus.Disabled)
            return ApiErrors.Status(StatusCodes.Status423Locked, "this machine is disabled");
        if (machine.Status != MachineStatus.Approved)
            return ApiErrors.Gone($"this machine is {machine.Status}");
        stream.AppendOne(new MachineKeyIssued(machine.MachineId, machine.VaultId, request.PublicKey, Guid.Parse(caller.Id), time.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            return ApiErrors.Conflict("this machine already has its key");
        }
        return TypedResults.NoContent();
    }
}
