using System.CommandLine;
using SikkerKey.Cli.Connecting;
using SikkerKey.Cli.Refusing;

namespace SikkerKey.Cli.Reading;

/// <summary>
/// <c>sikkerkey list secrets|projects|vaults</c> as the official CLI; bare <c>sikkerkey list [--project P]</c>: a table of
/// the granted secrets, without values.
/// </summary>
internal sealed class ListCommand : ConnectedCommand
{
    private readonly Option<string?> _project = SharedOptions.Project("Only this project's secrets (its name or proj_… id)");

    public ListCommand(CliContext context) : base("list", "List the secrets granted to this machine (no values); also list secrets|projects|vaults", context)
    {
        Add(_project);
        Add(new ListSecretsCommand(context));
        Add(new ListProjectsCommand(context));
        Add(new ListVaultsCommand(context));
        Add(ServiceOnlyCommand.Applications(context));
    }

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var project = parsed.GetValue(_project) is { } option ? await ProjectNames.ResolveAsync(connection.Client, option, cancellationToken) : null;
        var secrets = (await connection.Client.ListCliSecretsAsync(cancellationToken))
            .Where(s => project is null || s.ProjectId == project)
            .OrderBy(s => s.ProjectName ?? s.ProjectId, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (secrets.Count == 0)
        {
            Context.Error.WriteLine(project is null ? "sikkerkey: no secret is granted to this machine" : $"sikkerkey: no secret of project {project} is granted to this machine");
            return ExitCodes.Success;
        }
        Table.Write(Context.Out, ["ID", "NAME", "TYPE", "PROJECT", "FIELDS"], secrets.Select(s => new[]
        {
            s.Id, s.Name, s.IsStructured ? "structured" : "plain", s.ProjectName ?? s.ProjectId ?? "", string.Join(",", StructuredValue.FieldNames(s.FieldNames) ?? []),
        }));
        return ExitCodes.Success;
    }
}
