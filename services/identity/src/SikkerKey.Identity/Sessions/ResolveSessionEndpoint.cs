using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Sessions;

/// <summary>
/// The gateway turns a bearer token or session cookie into a principal here, on every request, so a
/// logout, an expiry, a removal or a permission change takes effect on the very next request.
/// </summary>
public static class ResolveSessionEndpoint
{
    public sealed record Request(string? Token);

    public static async Task<Results<Ok<Principal>, JsonHttpResult<ApiError>>> Handle(
        Request request, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Token))
            return ApiErrors.Unauthorized("authentication required");
        var stored = await session.LoadAsync<Session>(Session.IdFor(request.Token), cancellationToken);
        if (stored is null || stored.ExpiresAt <= time.GetUtcNow())
            return ApiErrors.Unauthorized("session is invalid or expired; log in again");
        var user = await session.LoadAsync<User>(stored.UserId.ToString(), cancellationToken);
        if (user is null || user.Removed)
            return ApiErrors.Unauthorized("session is invalid or expired; log in again");
        return TypedResults.Ok(new Principal(PrincipalKind.User, user.Id, user.VaultId, user.Role, user.Email, stored.Id, user.Permissions));
    }
}
