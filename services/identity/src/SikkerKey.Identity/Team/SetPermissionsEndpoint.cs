using System.Net;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Accounts;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Team;

/// <summary>
/// <c>PUT /api/projects/{projectId}/members/{userId}</c> (owner/admin): replaces a member's permissions on
/// one project. The project is checked with the secrets service, which owns projects, at call time.
/// </summary>
public static class SetPermissionsEndpoint
{
    public static async Task<Results<Ok<PermissionsSet>, JsonHttpResult<ApiError>>> Handle(
        string projectId, Guid userId, PermissionsRequest request, IDocumentSession session, InternalClient services,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        // Ids in the path name a resource: one of the wrong shape is simply not there (404), as on every other route.
        if (!ResourceIds.IsProjectId(projectId))
            return ApiErrors.NotFound("no such project");
        if (request.Permissions is null)
            return ApiErrors.BadRequest("permissions is required (an empty list removes all)");
        if (request.Permissions.Any(p => p is null))
            return ApiErrors.BadRequest("permissions must not contain null");
        if (request.Permissions.FirstOrDefault(p => !Permissions.All.Contains(p!)) is { } unknown)
            return ApiErrors.BadRequest($"unknown permission '{ResourceIds.Shorten(unknown)}'; use {string.Join(", ", Permissions.All)}");

        using (var project = await services.SendAsync("secrets", HttpMethod.Get, $"/internal/projects/{Uri.EscapeDataString(projectId)}", caller, cancellationToken: cancellationToken))
        {
            if (project.StatusCode == HttpStatusCode.NotFound)
                return ApiErrors.NotFound("no such project");
            if (!project.IsSuccessStatusCode)
                return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "the secrets service could not confirm the project; try again");
        }
        var user = await session.LoadAsync<User>(userId.ToString(), cancellationToken);
        if (user is null || user.Removed || user.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such team member");
        if (user.Role != Roles.Member)
            return ApiErrors.Conflict($"a user with role {user.Role} has no per-project permissions; only members do");

        var granted = request.Permissions.Select(p => p!).Distinct().ToList();
        session.Events.Append(user.Id, new PermissionsChanged(user.UserId, user.VaultId, projectId, granted, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PermissionsSet(user.UserId, projectId, granted));
    }
}
