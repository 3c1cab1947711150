using System.CommandLine;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Checking;

/// <summary><c>sikkerkey whoami</c>: the identity found and its files; reads the private key but asks no server.</summary>
internal sealed class WhoAmICommand : ConnectedCommand
{
    public WhoAmICommand(CliContext context) : base("whoami", "Show the machine identity this CLI signs as, and where it was found", context)
    {
    }

    protected override Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var identity = connection.Identity;
        Table.Write(Context.Out, null,
        [
            ["machine", identity.MachineId.ToString()],
            ["name", identity.MachineName],
            ["vault", identity.VaultId],
            ["server", identity.ApiUrl.GetLeftPart(UriPartial.Authority)],
            ["identity", identity.IdentityPath],
            ["key", identity.PrivateKeyPath],
            ["settings", connection.Config?.FilePath ?? "(no cli.json)"],
            ["project", connection.Config?.ProjectId ?? "(none: every granted project)"],
        ]);
        return Task.FromResult(ExitCodes.Success);
    }
}
