using System.CommandLine;
using SikkerKey.Cli.Caching;
using SikkerKey.Cli.Connecting;
using SikkerKey.Cli.Loading;

namespace SikkerKey.Cli.Exporting;

/// <summary><c>sikkerkey export [--format env|dotenv|json|yaml] [--project P] [--prefix X]</c>: the variables run would set.</summary>
internal sealed class ExportCommand : ConnectedCommand
{
    private readonly Option<string> _format = new("--format", "-f")
    {
        Description = "env: export lines for sh (eval \"$(sikkerkey export)\"); dotenv: a .env file; json: one object; yaml: one mapping",
        DefaultValueFactory = _ => ExportFormats.Env,
    };
    private readonly Option<string?> _project = SharedOptions.Project("Only this project's secrets (its name or proj_… id); default: cli.json's projectId, else every project");
    private readonly Option<string> _prefix = SharedOptions.Prefix();
    private readonly Option<bool> _offline = OfflineCache.Option();

    public ExportCommand(CliContext context) : base("export", "Print every granted secret as environment variables, in a format of your choice", context)
    {
        _format.AcceptOnlyFromAmong(ExportFormats.Names);
        Add(_format);
        Add(_project);
        Add(_prefix);
        Add(_offline);
    }

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var offline = connection.Offline(parsed.GetValue(_offline));
        if (offline is not null && parsed.GetValue(_project) is not null)
            Context.Error.WriteLine("sikkerkey: offline: --project is ignored (the cache knows no projects); every cached secret is exported");
        var project = offline is null ? await connection.ProjectAsync(parsed.GetValue(_project), cancellationToken) : null;
        var selection = SecretSelection.All(connection.Client, project, parsed.GetValue(_prefix)!, offline);
        selection.OfflineServed = connection.OfflineServed;
        var loaded = await selection.LoadAsync(cancellationToken);
        Context.Out.Write(ExportFormats.Format(parsed.GetValue(_format)!, loaded.Variables));
        return ExitCodes.Success;
    }
}
