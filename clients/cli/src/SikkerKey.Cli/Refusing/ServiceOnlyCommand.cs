using System.CommandLine;

namespace SikkerKey.Cli.Refusing;

/// <summary>
/// The official CLI's commands that need features of the SikkerKey cloud service this server does not have: each
/// takes any arguments and answers with one line saying so and exit 2, never "Unrecognized command".
/// </summary>
internal sealed class ServiceOnlyCommand : Command
{
    private ServiceOnlyCommand(CliContext context, string name, string description, string answer) : base(name, description)
    {
        TreatUnmatchedTokensAsErrors = false;
        Add(new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore, Hidden = true });
        SetAction(_ =>
        {
            context.Error.WriteLine($"sikkerkey: {answer}");
            return ExitCodes.Usage;
        });
    }

    public static IEnumerable<Command> All(CliContext context) =>
    [
        new ServiceOnlyCommand(context, "connect", "(official service only) select a vault identity",
            "connect is not needed with this SikkerKey server: the CLI finds a provisioned bundle through SIKKERKEY_IDENTITY " +
            "(or $SIKKERKEY_HOME/vaults/<vaultId> with SIKKERKEY_VAULT); see 'sikkerkey whoami'"),
        Applications(context),
        new ServiceOnlyCommand(context, "set", "(official service only) scope commands to an application",
            "this SikkerKey server has no applications to scope to: use --project (a name or id) with run, export and list"),
        new ServiceOnlyCommand(context, "certificate", "(official service only) get a certificate",
            "this SikkerKey server does not issue certificates: certificate needs the official SikkerKey service"),
        new ServiceOnlyCommand(context, "agent", "(official service only) sync agents for database credential rotation",
            "this SikkerKey server has no sync agents: agent needs the official SikkerKey service (use 'sikkerkey run --watch' to restart on a change)"),
    ];

    /// <summary><c>applications</c>, also as <c>list applications</c>.</summary>
    public static Command Applications(CliContext context) => new ServiceOnlyCommand(context, "applications",
        "(official service only) applications grouping projects",
        "this SikkerKey server has no applications: secrets are grouped by project ('sikkerkey list projects')");
}
