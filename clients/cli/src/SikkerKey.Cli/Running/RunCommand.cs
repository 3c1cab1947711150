using System.CommandLine;
using System.CommandLine.Parsing;
using SikkerKey.Cli.Caching;
using SikkerKey.Cli.Connecting;
using SikkerKey.Cli.Loading;

namespace SikkerKey.Cli.Running;

/// <summary><c>sikkerkey run [--all | --secret ID…] [--project P] [--prefix X] [--watch] [--dry-run] -- COMMAND [ARGS…]</c></summary>
internal sealed class RunCommand : ConnectedCommand
{
    private readonly Option<bool> _all = new("--all", "-a") { Description = "Load every secret granted to this machine (of --project, or of cli.json's projectId)" };
    private readonly Option<string[]> _secrets = new("--secret", "-s")
    {
        Description = "Load this secret (repeatable); its variables are named after the id: sk_abc123 → SK_ABC123", HelpName = "ID",
    };
    private readonly Option<string?> _project = SharedOptions.Project("The project for --all (its name or proj_… id); default: cli.json's projectId, else every project");
    private readonly Option<string> _prefix = SharedOptions.Prefix();
    private readonly Option<bool> _watch = new("--watch", "-w") { Description = "Restart the command when a secret changes; stop it when the machine loses access" };
    private readonly Option<int> _interval = new("--interval")
    {
        Description = "Seconds between checks for changes with --watch", HelpName = "SECONDS", DefaultValueFactory = _ => 10,
    };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the names of the variables the command would get (no values) and run nothing" };
    private readonly Option<bool> _offline = OfflineCache.Option();
    private readonly Argument<string[]> _command = new("command") { Arity = ArgumentArity.ZeroOrMore, Description = "The command to run and its arguments, after --" };

    public RunCommand(CliContext context) : base("run", "Run a command with secrets added to its environment; exits with its exit code", context)
    {
        foreach (var option in new Option[] { _all, _secrets, _project, _prefix, _watch, _interval, _dryRun, _offline })
            Add(option);
        Add(_command);
        _interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError("--interval is at least 1 second");
        });
        Validators.Add(Validate);
    }

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var ids = parsed.GetValue(_secrets) ?? [];
        var prefix = parsed.GetValue(_prefix)!;
        var offline = connection.Offline(parsed.GetValue(_offline));
        if (offline is not null && parsed.GetValue(_project) is not null)
            Context.Error.WriteLine("sikkerkey: offline: --project is ignored (the cache knows no projects); every cached secret is used");
        var selection = ids.Length > 0
            ? SecretSelection.ById(connection.Client, ids, prefix, offline)
            : SecretSelection.All(connection.Client, offline is null ? await connection.ProjectAsync(parsed.GetValue(_project), cancellationToken) : null, prefix, offline);
        selection.OfflineServed = connection.OfflineServed;
        if (parsed.GetValue(_dryRun))
        {
            foreach (var name in await selection.NamesAsync(cancellationToken))
                Context.Out.WriteLine(name);
            return ExitCodes.Success;
        }
        var loaded = await selection.LoadAsync(cancellationToken);
        using var supervisor = new Supervisor(parsed.GetValue(_command)!);
        if (!parsed.GetValue(_watch))
            return await supervisor.Start(loaded.Variables).Exited;
        var interval = TimeSpan.FromSeconds(parsed.GetValue(_interval));
        return await new WatchLoop(supervisor, selection, connection.Client, Context, interval).RunAsync(loaded, cancellationToken);
    }

    private void Validate(CommandResult result)
    {
        var all = result.GetValue(_all);
        var some = result.GetValue(_secrets) is { Length: > 0 };
        var dryRun = result.GetValue(_dryRun);
        if (all == some)
            result.AddError(all ? "--all and --secret exclude each other" : "say which secrets to load: --all, or --secret ID (repeatable)");
        if (some && result.GetValue(_project) is not null)
            result.AddError("--project goes with --all; --secret names each secret by its id");
        if (!dryRun && result.GetValue(_command) is not { Length: > 0 })
            result.AddError("no command to run: sikkerkey run --all -- COMMAND [ARGS…]");
        if (dryRun && result.GetValue(_watch))
            result.AddError("--dry-run runs nothing to watch");
        if (result.GetValue(_offline) && result.GetValue(_watch))
            result.AddError("--offline cannot be combined with --watch (watching for changes needs the server)");
    }
}
