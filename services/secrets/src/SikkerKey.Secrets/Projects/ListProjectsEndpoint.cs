using Marten;
using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Secrets.Projects;

/// <summary><c>GET /api/projects</c>: the projects of the caller's vault they may see.</summary>
public static class ListProjectsEndpoint
{
    public static async Task<ProjectList> Handle(IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var projects = await session.Query<Project>().Where(p => p.VaultId == caller.VaultId).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return new ProjectList(projects.Where(p => ProjectAccess.CanSee(caller, p.Id)).Select(p => new ProjectItem(p.Id, p.Name, p.CreatedAt)).ToList());
    }
}
