using System.CommandLine;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Checking;

/// <summary><c>sikkerkey whoami</c>: the identity found and its files; reads the private key but asks no server.</summary>
internal sealed class WhoAmICommand : Command
{
    private readonly CliContext _context;

    public WhoAmICommand(CliContext context) : base("whoami", "Show the machine identity this CLI signs as, and where it was found")
    {
        _context = context;
        this.WithAction(context, WhoAmI);
    }

    private Task<int> WhoAmI(ParseResult parsed, CancellationToken cancellationToken)
    {
        using var connection = Connection.Open(_context);
        var identity = connection.Identity;
        Table.Write(_context.Out, null,
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
