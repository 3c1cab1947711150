using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Projects;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Projects;

/// <summary><c>PATCH /api/projects/{projectId}</c> (owner/admin): <c>{name}</c>.</summary>
public static class RenameProjectEndpoint
{
    public static async Task<Results<Ok<ProjectSummary>, JsonHttpResult<ApiError>>> Handle(
        string projectId, NameRequest request, IDocumentSession session, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (ProjectInput.NameProblem(request.Name) is { } problem)
            return ApiErrors.BadRequest(problem);
        var caller = context.Principal();
        var project = await session.LoadAsync<Project>(projectId, cancellationToken);
        if (project is null || project.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such project");

        var name = request.Name!.Trim();
        var oldKey = ProjectName.KeyFor(project.VaultId, project.Name);
        var newKey = ProjectName.KeyFor(project.VaultId, name);
        if (oldKey != newKey)
        {
            session.Delete<ProjectName>(oldKey);
            session.Insert(new ProjectName { Id = newKey, ProjectId = project.Id });
        }
        session.Events.Append(project.Id, new ProjectRenamed(project.Id, project.VaultId, project.Name, name, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return ApiErrors.Conflict($"a project named '{name}' already exists in this vault");
        }
        return TypedResults.Ok(new ProjectSummary(project.Id, name));
    }
}
