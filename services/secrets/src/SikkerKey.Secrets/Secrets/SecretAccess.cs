using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Secrets.Authorization;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// Loads a secret for a user: another vault's secrets, and trashed ones, do not exist (404); in their own vault,
/// a user without <paramref name="permission"/> on the secret's project is refused (403).
/// </summary>
public static class SecretAccess
{
    public static async Task<(Secret? Secret, JsonHttpResult<ApiError>? Error)> LoadAsync(IQuerySession session, Principal caller,
        string secretId, string permission, CancellationToken cancellationToken, bool includeDeleted = false)
    {
        var secret = await session.LoadAsync<Secret>(secretId, cancellationToken);
        if (secret is null || secret.VaultId != caller.VaultId || (secret.IsDeleted && !includeDeleted))
            return (null, ApiErrors.NotFound("no such secret"));
        return Allowed(caller, secret.ProjectId, permission) ? (secret, null) : (null, ApiErrors.Forbidden(permission == SecretsRules.ListSecretsPermission
            ? "you need Read Secrets or Manage Secrets on this secret's project"
            : $"you need {permission} on this secret's project"));
    }

    public static bool Allowed(Principal caller, string projectId, string permission) => SecretsRules.Holds(caller, projectId, permission);
}
