using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Projects;

/// <summary><c>GET /api/projects/{projectId}</c>, and the same lookup for other services at <c>/internal/projects/{projectId}</c>.</summary>
public static class GetProjectEndpoint
{
    public static async Task<Results<Ok<ProjectDetail>, JsonHttpResult<ApiError>>> Handle(
        string projectId, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var (outcome, project) = await ProjectAccess.LoadAsync(session, context.Principal(), projectId, cancellationToken);
        return outcome switch
        {
            ProjectAccess.Outcome.Found => TypedResults.Ok(new ProjectDetail(project!.Id, project.Name, project.VaultId, project.CreatedAt)),
            ProjectAccess.Outcome.Forbidden => ApiErrors.Forbidden("you have no permissions on this project"),
            _ => ApiErrors.NotFound("no such project"),
        };
    }
}
