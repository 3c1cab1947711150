using System.CommandLine;
using System.CommandLine.Help;
using SikkerKey.Cli.Caching;
using SikkerKey.Cli.Checking;
using SikkerKey.Cli.Exporting;
using SikkerKey.Cli.Reading;
using SikkerKey.Cli.Refusing;
using SikkerKey.Cli.Running;

namespace SikkerKey.Cli;

internal static class CliCommands
{
    // Not RootCommand, which takes its name from the executable (SikkerKey.Cli when run as a dotnet tool's dll).
    public static Command Root(CliContext context)
    {
        var root = Commands(context);
        foreach (var refused in ServiceOnlyCommand.All(context))
            root.Add(refused);
        return root;
    }

    private static Command Commands(CliContext context) => new("sikkerkey",
        "Reads the secrets granted to this machine's SikkerKey identity (a provisioned container's bundle, found through " +
        "SIKKERKEY_IDENTITY) and runs programs with them as environment variables.")
    {
        new HelpOption(),
        new VersionOption(),
        new RunCommand(context),
        new GetCommand(context),
        new ListCommand(context),
        new ExportCommand(context),
        new WhoAmICommand(context),
        new StatusCommand(context),
        new VersionCommand(context),
        new CompletionCommand(context),
        new CacheCommand(context),
    };
}
