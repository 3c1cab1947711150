namespace SikkerKey.Cli.Connecting;

/// <summary><c>--project</c> takes a project's name or its id, as the official CLI's does (names first).</summary>
internal static partial class ProjectNames
{
    public static async Task<string> ResolveAsync(SikkerKeyClient client, string nameOrId, CancellationToken cancellationToken)
    {
        if (ProjectId().IsMatch(nameOrId))
            return nameOrId;
        var projects = await client.ListProjectsAsync(cancellationToken);
        if ((projects.FirstOrDefault(p => p.ProjectName == nameOrId) ?? projects.FirstOrDefault(p => p.ProjectId == nameOrId)) is { } found)
            return found.ProjectId;
        throw new CliException(projects.Count == 0
            ? $"project \"{nameOrId}\" not found: this machine is linked to no project"
            : $"project \"{nameOrId}\" not found; this machine's projects: {string.Join(", ", projects.Select(p => $"{p.ProjectName} ({p.ProjectId})"))}");
    }

    // A well-formed id needs no look-up; the server's answer says whether the machine may read it.
    [System.Text.RegularExpressions.GeneratedRegex("^proj_[a-z0-9]{10}$")]
    private static partial System.Text.RegularExpressions.Regex ProjectId();
}
