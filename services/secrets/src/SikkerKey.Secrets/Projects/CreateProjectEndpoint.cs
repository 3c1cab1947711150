using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Projects;
using SikkerKey.Secrets.Encryption;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Projects;

/// <summary><c>POST /api/projects</c> (owner/admin).</summary>
public static class CreateProjectEndpoint
{
    public static async Task<Results<Created<ProjectSummary>, JsonHttpResult<ApiError>>> Handle(
        NameRequest request, IDocumentSession session, KeyRing keys, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (ProjectInput.NameProblem(request.Name) is { } problem)
            return ApiErrors.BadRequest(problem);
        var caller = context.Principal();
        var name = request.Name!.Trim();
        var projectId = ProjectInput.NewId();

        keys.StageProjectKey(session, projectId);
        session.Insert(new ProjectName { Id = ProjectName.KeyFor(caller.VaultId!, name), ProjectId = projectId });
        session.Events.StartStream<Project>(projectId, new ProjectCreated(projectId, caller.VaultId!, name, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return ApiErrors.Conflict($"a project named '{name}' already exists in this vault");
        }
        return TypedResults.Created($"/api/projects/{projectId}", new ProjectSummary(projectId, name));
    }
}
