using Marten;
using SikkerKey.Secrets.Authorization;
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

    public static bool CanSee(Principal caller, string projectId) => SecretsRules.SeeProject(caller, projectId);
}
