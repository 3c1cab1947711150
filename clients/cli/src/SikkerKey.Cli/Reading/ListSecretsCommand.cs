using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Reading;

/// <summary>
/// <c>sikkerkey list secrets</c>, as the official CLI prints it: grouped by project under "Standalone" (this server has
/// no applications), <c>    ID  NAME  [structured]</c>, in the server's order.
/// </summary>
internal sealed class ListSecretsCommand(CliContext context)
    : ConnectedCommand("secrets", "The granted secrets grouped by project, as the official CLI lists them (no values)", context)
{
    protected override async Task<int> RunAsync(System.CommandLine.ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var secrets = await connection.Client.ListCliSecretsAsync(cancellationToken);
        if (secrets.Count == 0)
        {
            Context.Out.WriteLine("no secrets available");
            return ExitCodes.Success;
        }
        Context.Out.WriteLine("Standalone");
        foreach (var project in secrets.GroupBy(s => s.ProjectName ?? s.ProjectId ?? ""))
        {
            Context.Out.WriteLine($"  [{project.Key}]");
            foreach (var secret in project)
                Context.Out.WriteLine(secret.IsStructured ? $"    {secret.Id}  {secret.Name}  [structured]" : $"    {secret.Id}  {secret.Name}");
        }
        return ExitCodes.Success;
    }
}
