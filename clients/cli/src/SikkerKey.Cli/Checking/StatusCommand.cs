using System.CommandLine;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Checking;

/// <summary>
/// <c>sikkerkey status [--project P]</c>: asks SikkerKey whether this machine may read the project (the given one, or
/// cli.json's); with no project, whether the machine is accepted at all and which projects it is linked to.
/// </summary>
internal sealed class StatusCommand : ConnectedCommand
{
    private readonly Option<string?> _project = SharedOptions.Project("The project to check (proj_…); default: cli.json's projectId");

    public StatusCommand(CliContext context) : base("status", "Check that SikkerKey accepts this machine and lets it read its project", context) =>
        Add(_project);

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var machine = $"machine {connection.Identity.MachineName} ({connection.Identity.MachineId})";
        if (connection.Project(parsed.GetValue(_project)) is { } project)
        {
            var access = await connection.Client.VerifyAccessAsync(project, cancellationToken);
            if (!access.Valid)
                throw new CliException($"{machine} may not read project {project}: {access.Error ?? "no reason given"}");
            Context.Out.WriteLine($"ok: {machine} may read project {access.ProjectName ?? project} ({project})");
            return ExitCodes.Success;
        }
        var projects = await connection.Client.ListProjectsAsync(cancellationToken);
        Context.Out.WriteLine(projects.Count == 0
            ? $"ok: SikkerKey accepts {machine}, but it is linked to no project"
            : $"ok: SikkerKey accepts {machine}; projects: {string.Join(", ", projects.Select(p => $"{p.ProjectName ?? p.ProjectId} ({p.ProjectId})"))}");
        return ExitCodes.Success;
    }
}
