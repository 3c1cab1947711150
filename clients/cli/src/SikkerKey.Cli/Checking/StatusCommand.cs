using System.CommandLine;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Checking;

/// <summary>
/// <c>sikkerkey status [--project P]</c>: asks SikkerKey whether this machine may read the project (the given one, or
/// cli.json's); with no project, whether the machine is accepted at all and which projects it is linked to.
/// </summary>
internal sealed class StatusCommand : Command
{
    private readonly Option<string?> _project = SharedOptions.Project("The project to check (proj_…); default: cli.json's projectId");
    private readonly CliContext _context;

    public StatusCommand(CliContext context) : base("status", "Check that SikkerKey accepts this machine and lets it read its project")
    {
        _context = context;
        Add(_project);
        this.WithAction(context, StatusAsync);
    }

    private async Task<int> StatusAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        using var connection = Connection.Open(_context);
        var machine = $"machine {connection.Identity.MachineName} ({connection.Identity.MachineId})";
        if (connection.Project(parsed.GetValue(_project)) is { } project)
        {
            var access = await connection.Client.VerifyAccessAsync(project, cancellationToken);
            if (!access.Valid)
                throw new CliException($"{machine} may not read project {project}: {access.Error ?? "no reason given"}");
            _context.Out.WriteLine($"ok: {machine} may read project {access.ProjectName ?? project} ({project})");
            return ExitCodes.Success;
        }
        var projects = await connection.Client.ListProjectsAsync(cancellationToken);
        _context.Out.WriteLine(projects.Count == 0
            ? $"ok: SikkerKey accepts {machine}, but it is linked to no project"
            : $"ok: SikkerKey accepts {machine}; projects: {string.Join(", ", projects.Select(p => $"{p.ProjectName ?? p.ProjectId} ({p.ProjectId})"))}");
        return ExitCodes.Success;
    }
}
