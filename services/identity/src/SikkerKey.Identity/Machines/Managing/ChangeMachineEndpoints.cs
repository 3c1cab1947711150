using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Machines;
using SikkerKey.Identity.Authorization;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Machines.Managing;

/// <summary>
/// Rename, disable, enable, revoke and delete. Each commits its fact before returning, and every signed
/// request reads the machine's current state, so a disabled, revoked or deleted machine is refused on its
/// very next request on every replica, whether or not RabbitMQ is up.
/// </summary>
public static class ChangeMachineEndpoints
{
    public static async Task<Results<Ok<MachineView>, JsonHttpResult<ApiError>>> Rename(
        Guid machineId, NameRequest request, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || MachineNames.Problem(request.Name) is not null)
            return ApiErrors.BadRequest(MachineNames.Problem(request.Name ?? "") ?? "name is required");
        var caller = context.Principal();
        var (machine, error) = await MachineAccess.LoadForChangeAsync(session, caller, machineId, cancellationToken);
        if (machine is null)
            return error!;
        if (MachineName.KeyFor(machine.VaultId, machine.Name) != MachineName.KeyFor(machine.VaultId, request.Name))
        {
            session.Delete<MachineName>(MachineName.KeyFor(machine.VaultId, machine.Name));
            session.Insert(new MachineName { Id = MachineName.KeyFor(machine.VaultId, request.Name), MachineId = machine.MachineId });
        }
        session.Events.Append(machine.Id, new MachineRenamed(machine.MachineId, machine.VaultId, machine.Name, request.Name, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            return ApiErrors.Conflict($"a machine named '{request.Name}' already exists in this vault");
        }
        machine.Name = request.Name;
        return TypedResults.Ok(MachineViews.Of(machine, await session.LoadAsync<MachineActivity>(machine.Id, cancellationToken)));
    }

    public static Task<Results<NoContent, JsonHttpResult<ApiError>>> Disable(Guid machineId, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken ct) =>
        ChangeAsync(machineId, session, context, (machine, by) => machine.Status switch
        {
            MachineStatus.Approved => new Decision(new MachineDisabled(machine.MachineId, machine.VaultId, Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp)),
            // An owner or admin disabling a machine its member already disabled takes the disable over (and it is audited):
            // otherwise the member could enable it again (IdentityRules.EnableMachine), and the admin's 204 would mean nothing.
            MachineStatus.Disabled when by.IsVaultAdmin && machine.DisabledBy?.ToString() != by.Id =>
                new Decision(new MachineDisabled(machine.MachineId, machine.VaultId, Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp)),
            MachineStatus.Disabled => Decision.Nothing,
            _ => new Decision(Conflict: $"a machine that is {machine.Status} stays {machine.Status}"),
        }, ct);

    public static Task<Results<NoContent, JsonHttpResult<ApiError>>> Enable(Guid machineId, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken ct) =>
        ChangeAsync(machineId, session, context, (machine, by) => machine.Status switch
        {
            MachineStatus.Disabled => new Decision(new MachineEnabled(machine.MachineId, machine.VaultId, Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp)),
            MachineStatus.Approved => Decision.Nothing,
            _ => new Decision(Conflict: $"a machine that is {machine.Status} cannot be enabled; provision a new one"),
        }, ct, IdentityRules.EnableMachine);

    public static Task<Results<NoContent, JsonHttpResult<ApiError>>> Revoke(Guid machineId, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken ct) =>
        ChangeAsync(machineId, session, context, (machine, by) =>
            machine.Status == MachineStatus.Revoked ? Decision.Nothing : new Decision(new MachineRevoked(machine.MachineId, machine.VaultId, Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp)), ct);

    public static Task<Results<NoContent, JsonHttpResult<ApiError>>> Delete(Guid machineId, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken ct) =>
        ChangeAsync(machineId, session, context, (machine, by) =>
        {
            // The quota slot and the name are free again in the same transaction as the fact.
            session.DeleteWhere<QuotaSlot>(s => s.VaultId == machine.VaultId && s.MachineId == machine.MachineId);
            session.Delete<MachineName>(MachineName.KeyFor(machine.VaultId, machine.Name));
            session.Delete<MachineActivity>(machine.Id);
            return new Decision(new MachineDeleted(machine.MachineId, machine.VaultId, Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp));
        }, ct);

    /// <summary>The fact to record, nothing (already in that state), or why the change is refused.</summary>
    private sealed record Decision(object? Fact = null, string? Conflict = null)
    {
        public static readonly Decision Nothing = new();
    }

    /// <summary>
    /// Appends the fact <paramref name="decide"/> returns and commits. A decision that lost a race with another write
    /// to the machine (a bundle download recording its key, another admin's change) is made again from the state that
    /// won: disable, revoke and delete must not fail because a download happened at the same moment, or the machine
    /// would stay approved until someone notices the 409 and retries.
    /// </summary>
    private static async Task<Results<NoContent, JsonHttpResult<ApiError>>> ChangeAsync(Guid machineId, IDocumentSession session,
        HttpContext context, Func<Machine, Principal, Decision> decide, CancellationToken cancellationToken, Func<Principal, Machine, bool>? rule = null)
    {
        const int attempts = 3;
        var caller = context.Principal();
        for (var attempt = 1; ; attempt++)
        {
            // Fetched with the stream's row locked until the commit: changes to one machine take turns, and each decides
            // from the state the one before it left. Decided from an unlocked read, a member's enable ("disabled by me")
            // could land just after an admin's disable and undo it, both answered 204 (outside attack, session 16).
            var stream = await session.Events.FetchForExclusiveWriting<Machine>(machineId.ToString(), cancellationToken);
            var (machine, error) = MachineAccess.ForChange(caller, stream.Aggregate, rule);
            if (machine is null)
                return error!;
            var decision = decide(machine, caller);
            if (decision.Conflict is not null)
                return ApiErrors.Conflict(decision.Conflict);
            if (decision.Fact is null)
                return TypedResults.NoContent();
            stream.AppendOne(decision.Fact);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.NoContent();
            }
            catch (Exception e) when (attempt < attempts && FailureDescription.IsConcurrentWrite(e))
            {
                // The machine this session read is the stale one: decided again from it, the retry would pass the version
                // check (it reads the stream's new version) with the old state's decision.
                session.EjectAllPendingChanges();
                session.EjectAllOfType(typeof(Machine));
            }
        }
    }
}
