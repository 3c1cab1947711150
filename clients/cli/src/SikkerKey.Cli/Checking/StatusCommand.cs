using System.CommandLine;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Checking;

/// <summary>
/// <c>sikkerkey status [--project P]</c>: the official CLI's checks, one per line (private key, authentication, how many
/// secrets, vault, api), then whether this machine may read the project (the given one, or cli.json's).
/// </summary>
internal sealed class StatusCommand : ConnectedCommand
{
    private readonly Option<string?> _project = SharedOptions.Project("Also check this project (its name or proj_… id); default: cli.json's projectId");

    public StatusCommand(CliContext context) : base("status", "Check that SikkerKey accepts this machine and lets it read its project", context) =>
        Add(_project);

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        // Opening the connection read the private key; an unusable one never gets here.
        Line("private key", "ok");
        IReadOnlyList<SecretInfo> secrets;
        try
        {
            secrets = await connection.Client.ListSecretsAsync(cancellationToken);
        }
        catch (SikkerKeyException e)
        {
            Line("authentication", $"FAILED ({e.Message})");
            throw;
        }
        Line("authentication", "ok");
        Line("secrets", $"{secrets.Count} accessible");
        Line("vault", connection.Identity.VaultId);
        Line("api", connection.Identity.ApiUrl.GetLeftPart(UriPartial.Authority));
        if (await connection.ProjectAsync(parsed.GetValue(_project), cancellationToken) is not { } project)
            return ExitCodes.Success;
        var access = await connection.Client.VerifyAccessAsync(project, cancellationToken);
        if (!access.Valid)
        {
            Line("project", $"FAILED ({project})");
            throw new CliException($"machine {connection.Identity.MachineName} ({connection.Identity.MachineId}) may not read project {project}: {access.Error ?? "no reason given"}");
        }
        Line("project", $"ok, may read {access.ProjectName ?? project} ({project})");
        return ExitCodes.Success;
    }

    // The official CLI's layout: the label and its colon padded to 16 characters.
    private void Line(string label, string value) => Context.Out.WriteLine($"{label + ":",-16}{value}");
}
