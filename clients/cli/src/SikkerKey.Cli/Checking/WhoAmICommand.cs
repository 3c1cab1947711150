using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Checking;

/// <summary>
/// <c>sikkerkey whoami</c>: the official CLI's lines (Machine ID, Machine, Vault, Application, API, Key), then where the
/// identity was found; reads the private key but asks no server.
/// </summary>
internal sealed class WhoAmICommand : ConnectedCommand
{
    public WhoAmICommand(CliContext context) : base("whoami", "Show the machine identity this CLI signs as, and where it was found", context)
    {
    }

    protected override Task<int> RunAsync(System.CommandLine.ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var identity = connection.Identity;
        Line("Machine ID", identity.MachineId.ToString());
        Line("Machine", identity.MachineName);
        Line("Vault", identity.VaultId);
        // Applications are not a concept of this server: always the official CLI's "global" answer.
        Line("Application", "none (global)");
        Line("API", identity.ApiUrl.GetLeftPart(UriPartial.Authority));
        Line("Key", identity.PrivateKeyPath);
        Line("Identity", identity.IdentityPath);
        Line("Settings", connection.Config?.FilePath ?? "(no cli.json)");
        Line("Project", connection.Config?.ProjectId ?? "(none: every granted project)");
        return Task.FromResult(ExitCodes.Success);
    }

    private void Line(string label, string value) => Context.Out.WriteLine($"{label + ":",-13}{value}");
}
