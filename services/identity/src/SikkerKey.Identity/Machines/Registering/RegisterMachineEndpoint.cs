using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Machines;
using SikkerKey.Identity.Accounts;
using SikkerKey.Identity.Authorization;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Machines.Registering;

/// <summary>
/// <c>POST /internal/machines</c>, called by the provisioning service on behalf of the user who provisions:
/// an approved machine owned by that user, linked to the projects, within the vault's quota — all in one
/// transaction, so the machine either exists completely or not at all. A Docker machine comes without a public key.
/// </summary>
public static class RegisterMachineEndpoint
{
    public sealed record Request(Guid? MachineId, string? Name, IReadOnlyList<string?>? ProjectIds, string? PublicKey, string? ProvisionedVia);

    public sealed record Response(Guid MachineId, string Name, string VaultId, Guid OwnerId);

    // Only a generated name can collide by chance (one in 65,536 per adjective-noun pair); a quota slot cannot.
    private const int NameAttempts = 4;

    public static async Task<Results<Created<Response>, JsonHttpResult<ApiError>>> Handle(
        Request request, IDocumentStore store, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        if (!caller.IsUser)
            return ApiErrors.Forbidden("machines are registered on behalf of a user");
        if (Validate(request, caller) is { } refusal)
            return refusal;

        var machineId = request.MachineId ?? Guid.NewGuid();
        var via = request.ProvisionedVia ?? "manual";
        using var turn = await VaultQuotaLock.WaitTurnAsync(caller.VaultId!, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            await VaultQuotaLock.AcquireAsync(session, caller.VaultId!, cancellationToken);
            var vault = await session.LoadAsync<Vault>(caller.VaultId!, cancellationToken)
                ?? throw new InvalidOperationException("the caller's vault does not exist");
            var taken = await session.Query<QuotaSlot>().Where(s => s.VaultId == vault.Id).Select(s => s.Number).ToListAsync(cancellationToken);
            var free = Enumerable.Range(0, vault.MachineQuota).Cast<int?>().FirstOrDefault(n => !taken.Contains(n!.Value));
            if (free is null)
                return ApiErrors.Conflict($"machine quota reached ({taken.Count} of {vault.MachineQuota}); delete a machine or raise the plan's quota");

            var generated = string.IsNullOrWhiteSpace(request.Name);
            var name = generated ? MachineNames.Generate(via) : request.Name!;
            session.Insert(new QuotaSlot { Id = QuotaSlot.KeyFor(vault.Id, free.Value), VaultId = vault.Id, Number = free.Value, MachineId = machineId });
            session.Insert(new MachineName { Id = MachineName.KeyFor(vault.Id, name), MachineId = machineId });
            session.Events.StartStream<Machine>(machineId.ToString(), new MachineRegistered(machineId, vault.Id, name, Guid.Parse(caller.Id),
                request.PublicKey ?? "", via, [.. request.ProjectIds!.Select(p => p!)], time.GetUtcNow(), caller.SourceIp));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Created($"/api/machines/{machineId}", new Response(machineId, name, vault.Id, Guid.Parse(caller.Id)));
            }
            catch (DocumentAlreadyExistsException collision) when (collision.DocumentType == typeof(MachineName) && (!generated || attempt == NameAttempts))
            {
                return ApiErrors.Conflict(generated
                    ? "could not generate a machine name that is free in this vault; give the machine a name"
                    : $"a machine named '{request.Name}' already exists in this vault");
            }
            catch (DocumentAlreadyExistsException collision) when (collision.DocumentType == typeof(MachineName))
            {
                // A generated name that is taken: draw another.
            }
        }
    }

    private static JsonHttpResult<ApiError>? Validate(Request request, Principal caller)
    {
        if (request.ProjectIds is not { Count: > 0 })
            return ApiErrors.BadRequest("projectIds must name at least one project");
        if (ResourceIds.ListProblem(request.ProjectIds, "projectIds", ResourceIds.IsProjectId, "project") is { } listProblem)
            return ApiErrors.BadRequest(listProblem);
        if (IdentityRules.RegisterMachineProblem(caller, [.. request.ProjectIds.Select(p => p!)]) is { } denied)
            return ApiErrors.Forbidden(denied);
        if (!string.IsNullOrWhiteSpace(request.Name) && MachineNames.Problem(request.Name) is { } problem)
            return ApiErrors.BadRequest(problem);
        // A Docker machine is registered keyless: its keypair is made when its bundle is downloaded (IssueKeyEndpoint).
        if (!(request.PublicKey is null && request.ProvisionedVia == "docker") && !IsRawEd25519Key(request.PublicKey))
            return ApiErrors.BadRequest("publicKey must be a raw 32-byte Ed25519 public key in base64");
        return request.ProvisionedVia is null || ProvisionedVia.IsKnown(request.ProvisionedVia) ? null : ApiErrors.BadRequest(ProvisionedVia.Problem);
    }

    private static bool IsRawEd25519Key(string? base64)
    {
        var bytes = new byte[48];
        return base64 is not null && Convert.TryFromBase64String(base64, bytes, out var written) && written == 32;
    }
}
