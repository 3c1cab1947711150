using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Machines.Managing;

/// <summary><c>GET /api/machines?status=&amp;projectId=&amp;provisionedVia=&amp;ownerId=</c> and <c>GET /api/machines/{id}</c>.</summary>
public static class ListMachinesEndpoint
{
    public sealed record Response(IReadOnlyList<MachineView> Machines);

    public static async Task<Response> List(IQuerySession session, HttpContext context, string? status, string? projectId,
        string? provisionedVia, Guid? ownerId, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var query = session.Query<Machine>().Where(m => m.VaultId == caller.VaultId);
        if (!caller.IsVaultAdmin)
        {
            var me = Guid.Parse(caller.Id);
            query = query.Where(m => m.OwnerId == me);
        }
        if (status is not null)
            query = query.Where(m => m.Status == status);
        if (provisionedVia is not null)
            query = query.Where(m => m.ProvisionedVia == provisionedVia);
        if (ownerId is not null)
            query = query.Where(m => m.OwnerId == ownerId);
        var machines = (await query.OrderBy(m => m.Name).ToListAsync(cancellationToken))
            .Where(m => projectId is null || m.ProjectIds.Contains(projectId)).ToList();

        var ids = machines.Select(m => m.Id).ToArray();
        var activity = (await session.LoadManyAsync<MachineActivity>(cancellationToken, ids)).ToDictionary(a => a.Id);
        return new Response(machines.Select(m => MachineView.Of(m, activity.GetValueOrDefault(m.Id))).ToList());
    }

    public static async Task<Results<Ok<MachineView>, JsonHttpResult<ApiError>>> Get(
        Guid machineId, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var machine = await session.LoadAsync<Machine>(machineId.ToString(), cancellationToken);
        if (machine is null || !MachineAccess.CanSee(context.Principal(), machine))
            return ApiErrors.NotFound("no such machine");
        return TypedResults.Ok(MachineView.Of(machine, await session.LoadAsync<MachineActivity>(machine.Id, cancellationToken)));
    }
}
