using Marten;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Secrets.Projects;

/// <summary>
/// Loads a project for a caller: another vault's project does not exist for them (404), a project of
/// their vault they hold no permission on is forbidden (403).
/// </summary>
public static class ProjectAccess
{
    public enum Outcome { Found, NotFound, Forbidden }

    public static async Task<(Outcome Outcome, Project? Project)> LoadAsync(IQuerySession session, Principal caller, string projectId, CancellationToken cancellationToken)
    {
        var project = await session.LoadAsync<Project>(projectId, cancellationToken);
        if (project is null || project.VaultId != caller.VaultId)
            return (Outcome.NotFound, null);
        return CanSee(caller, project.Id) ? (Outcome.Found, project) : (Outcome.Forbidden, null);
    }

    /// <summary>Owners and admins see every project; members those they hold any permission on.</summary>
    public static bool CanSee(Principal caller, string projectId) =>
        caller.IsVaultAdmin || (caller.Role == Roles.Member && caller.Permissions?.GetValueOrDefault(projectId)?.Length > 0);
}
