using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Paging;

namespace SikkerKey.Identity.Machines.Managing;

/// <summary><c>GET /api/machines?status=&amp;projectId=&amp;provisionedVia=&amp;ownerId=&amp;limit=&amp;cursor=</c> (a page, by name) and <c>GET /api/machines/{id}</c>.</summary>
public static class ListMachinesEndpoint
{
    private const string ListName = "machines";

    public static async Task<Results<Ok<MachineList>, JsonHttpResult<ApiError>>> List(IQuerySession session, HttpContext context, string? status,
        string? projectId, string? provisionedVia, Guid? ownerId, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var (page, invalid) = PageRequest.Parse(ListName, limit, cursor);
        if (page is null)
            return ApiErrors.BadRequest(invalid!);
        (status, provisionedVia, projectId) = (Given(status), Given(provisionedVia), Given(projectId));
        if (FilterProblem(status, provisionedVia, projectId) is { } problem)
            return ApiErrors.BadRequest(problem);
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
        if (projectId is not null)
            query = query.Where(m => m.ProjectIds.Contains(projectId));
        var read = await query.After(page.After).OrderBy(m => m.Name).ThenBy(m => m.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var (machines, next) = page.Cut(read, ListName, m => new PageCursor(m.Name, m.Id));

        var ids = machines.Select(m => m.Id).ToArray();
        var activity = (await session.LoadManyAsync<MachineActivity>(cancellationToken, ids)).ToDictionary(a => a.Id);
        return TypedResults.Ok(new MachineList(machines.Select(m => MachineViews.Of(m, activity.GetValueOrDefault(m.Id))).ToList(), next));
    }

    /// <summary>A value no machine can have would match nothing, as silently as a typo does; it is refused instead.</summary>
    private static string? FilterProblem(string? status, string? provisionedVia, string? projectId) =>
        status is not null && !MachineStatus.All.Contains(status) ? $"status must be one of {string.Join(", ", MachineStatus.All)}"
        : provisionedVia is not null && !ProvisionedVia.IsKnown(provisionedVia) ? ProvisionedVia.Problem
        : projectId is not null && !ResourceIds.IsProjectId(projectId) ? "projectId must look like proj_…"
        : null;

    /// <summary>A blank filter is no filter, as on the audit list.</summary>
    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static async Task<Results<Ok<MachineView>, JsonHttpResult<ApiError>>> Get(
        Guid machineId, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var machine = await session.LoadAsync<Machine>(machineId.ToString(), cancellationToken);
        if (machine is null || !MachineAccess.CanSee(context.Principal(), machine))
            return ApiErrors.NotFound("no such machine");
        return TypedResults.Ok(MachineViews.Of(machine, await session.LoadAsync<MachineActivity>(machine.Id, cancellationToken)));
    }
}
