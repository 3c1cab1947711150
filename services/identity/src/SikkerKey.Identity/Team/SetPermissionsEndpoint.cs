using System.Net;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public sealed record Request(IReadOnlyList<string>? Permissions);

    public sealed record Response(Guid UserId, string ProjectId, IReadOnlyList<string> Permissions);

    public static async Task<Results<Ok<Response>, JsonHttpResult<ApiError>>> Handle(
        string projectId, Guid userId, Request request, IDocumentSession session, InternalClient services,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        if (request.Permissions is null)
            return ApiErrors.BadRequest("permissions is required (an empty list removes all)");
        if (request.Permissions.FirstOrDefault(p => !Permissions.All.Contains(p)) is { } unknown)
            return ApiErrors.BadRequest($"unknown permission '{unknown}'; use {string.Join(", ", Permissions.All)}");

        using (var project = await services.SendAsync("secrets", HttpMethod.Get, $"/internal/projects/{Uri.EscapeDataString(projectId)}", caller, cancellationToken: cancellationToken))
        {
            if (project.StatusCode == HttpStatusCode.NotFound)
                return ApiErrors.NotFound("no such project");
            project.EnsureSuccessStatusCode();
        }
        var user = await session.LoadAsync<User>(userId.ToString(), cancellationToken);
        if (user is null || user.Removed || user.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such team member");
        if (user.Role != Roles.Member)
            return ApiErrors.Conflict($"a user with role {user.Role} has no per-project permissions; only members do");

        var granted = request.Permissions.Distinct().ToList();
        session.Events.Append(user.Id, new PermissionsChanged(user.UserId, user.VaultId, projectId, granted, Guid.Parse(caller.Id), time.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new Response(user.UserId, projectId, granted));
    }
}
