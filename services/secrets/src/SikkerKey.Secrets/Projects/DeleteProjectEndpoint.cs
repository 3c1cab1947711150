using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Projects;

/// <summary><c>DELETE /api/projects/{projectId}</c> (owner/admin).</summary>
public static class DeleteProjectEndpoint
{
    public static async Task<Results<NoContent, JsonHttpResult<ApiError>>> Handle(
        string projectId, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var project = await session.LoadAsync<Project>(projectId, cancellationToken);
        if (project is null || project.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such project");
        if (await session.Query<Secret>().AnyAsync(s => s.ProjectId == project.Id && s.PurgedAt == null, cancellationToken))
            return ApiErrors.Conflict("the project still holds secrets (the trash counts too); delete or purge them first");

        session.Delete<ProjectName>(ProjectName.KeyFor(project.VaultId, project.Name));
        session.Events.Append(project.Id, new ProjectDeleted(project.Id, project.VaultId, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
