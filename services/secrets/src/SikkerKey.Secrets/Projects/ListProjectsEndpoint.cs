using Marten;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Secrets.Projects;

/// <summary><c>GET /api/projects</c>: the projects of the caller's vault they may see.</summary>
public static class ListProjectsEndpoint
{
    public sealed record Item(string Id, string Name, DateTimeOffset CreatedAt);

    public sealed record Response(IReadOnlyList<Item> Projects);

    public static async Task<Response> Handle(IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var projects = await session.Query<Project>().Where(p => p.VaultId == caller.VaultId).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return new Response(projects.Where(p => ProjectAccess.CanSee(caller, p.Id)).Select(p => new Item(p.Id, p.Name, p.CreatedAt)).ToList());
    }
}
