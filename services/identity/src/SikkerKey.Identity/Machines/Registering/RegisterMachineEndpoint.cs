using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Contracts.Machines;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Machines.Registering;

/// <summary>
/// <c>POST /internal/machines</c>, called by the provisioning service on behalf of the user who provisions:
/// an approved machine owned by that user, linked to the projects, within the vault's quota — all in one
/// transaction, so the machine either exists completely or not at all.
/// </summary>
public static class RegisterMachineEndpoint
{
    public sealed record Request(Guid? MachineId, string? Name, IReadOnlyList<string>? ProjectIds, string? PublicKey, string? ProvisionedVia);

    public sealed record Response(Guid MachineId, string Name, string VaultId, Guid OwnerId);

    private const int Attempts = 8;

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
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await using var session = store.LightweightSession();
            var vault = await session.LoadAsync<Vault>(caller.VaultId!, cancellationToken)
                ?? throw new InvalidOperationException("the caller's vault does not exist");
            var taken = await session.Query<QuotaSlot>().Where(s => s.VaultId == vault.Id).Select(s => s.Number).ToListAsync(cancellationToken);
            var free = Enumerable.Range(0, vault.MachineQuota).Cast<int?>().FirstOrDefault(n => !taken.Contains(n!.Value));
            if (free is null)
                return ApiErrors.Conflict($"machine quota reached ({taken.Count} of {vault.MachineQuota}); delete a machine or raise the plan's quota");

            var name = string.IsNullOrWhiteSpace(request.Name) ? MachineNames.Generate(via) : request.Name;
            session.Insert(new QuotaSlot { Id = QuotaSlot.KeyFor(vault.Id, free.Value), VaultId = vault.Id, Number = free.Value, MachineId = machineId });
            session.Insert(new MachineName { Id = MachineName.KeyFor(vault.Id, name), MachineId = machineId });
            session.Events.StartStream<Machine>(machineId.ToString(), new MachineRegistered(machineId, vault.Id, name, Guid.Parse(caller.Id),
                request.PublicKey!, via, request.ProjectIds!, time.GetUtcNow()));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Created($"/api/machines/{machineId}", new Response(machineId, name, vault.Id, Guid.Parse(caller.Id)));
            }
            catch (DocumentAlreadyExistsException collision) when (collision.DocumentType == typeof(MachineName) && !string.IsNullOrWhiteSpace(request.Name))
            {
                return ApiErrors.Conflict($"a machine named '{request.Name}' already exists in this vault");
            }
            catch (DocumentAlreadyExistsException)
            {
                // Another registration took the same quota slot (or generated name) first: look again.
            }
        }
        return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "too many concurrent registrations; try again");
    }

    private static JsonHttpResult<ApiError>? Validate(Request request, Principal caller)
    {
        if (request.ProjectIds is not { Count: > 0 })
            return ApiErrors.BadRequest("projectIds must name at least one project");
        if (request.ProjectIds.FirstOrDefault(p => !caller.Has(p, Permissions.ManageProvisionedMachines)) is { } denied)
            return ApiErrors.Forbidden($"you need Manage Provisioned Machines on project {denied}");
        if (!string.IsNullOrWhiteSpace(request.Name) && MachineNames.Problem(request.Name) is { } problem)
            return ApiErrors.BadRequest(problem);
        if (!IsRawEd25519Key(request.PublicKey))
            return ApiErrors.BadRequest("publicKey must be a raw 32-byte Ed25519 public key in base64");
        return request.ProvisionedVia is null or "docker" or "manual" ? null : ApiErrors.BadRequest("provisionedVia must be docker or manual");
    }

    private static bool IsRawEd25519Key(string? base64)
    {
        var bytes = new byte[48];
        return base64 is not null && Convert.TryFromBase64String(base64, bytes, out var written) && written == 32;
    }
}
