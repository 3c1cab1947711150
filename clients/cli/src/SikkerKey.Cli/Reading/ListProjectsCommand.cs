using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Reading;

/// <summary><c>sikkerkey list projects</c>, as the official CLI prints it: <c>  NAME (ID)</c> under "Standalone".</summary>
internal sealed class ListProjectsCommand(CliContext context)
    : ConnectedCommand("projects", "The projects this machine is linked to", context)
{
    protected override async Task<int> RunAsync(System.CommandLine.ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var projects = await connection.Client.ListProjectsAsync(cancellationToken);
        if (projects.Count == 0)
        {
            Context.Out.WriteLine("no projects available");
            return ExitCodes.Success;
        }
        Context.Out.WriteLine("Standalone");
        foreach (var project in projects)
            Context.Out.WriteLine($"  {project.ProjectName ?? project.ProjectId} ({project.ProjectId})");
        return ExitCodes.Success;
    }
}
