namespace SikkerKey.Cli.Connecting;

/// <summary>The identity this CLI signs as, a client that never retries (as the official CLI), and cli.json's defaults.</summary>
internal sealed class Connection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private Connection(SikkerKeyClient client, CliConfig? config) => (Client, Config) = (client, config);

    public SikkerKeyClient Client { get; }

    /// <summary>The bundle's cli.json; <c>null</c> in the official layout, which has none.</summary>
    public CliConfig? Config { get; }

    public MachineIdentity Identity => Client.Identity;

    /// <summary>
    /// Finds the identity as every SikkerKey client does ($SIKKERKEY_IDENTITY, then $SIKKERKEY_HOME/vaults with
    /// $SIKKERKEY_VAULT or the only vault there); $SIKKERKEY_IDENTITY may also name the bundle's cli.json.
    /// </summary>
    public static Connection Open(CliContext context)
    {
        var named = context.Environment("SIKKERKEY_IDENTITY");
        var config = named is { Length: > 0 } && Path.GetFileName(named) == CliConfig.FileName ? CliConfig.Read(named) : null;
        var client = new SikkerKeyClient(new SikkerKeyOptions
        {
            Identity = config?.IdentityFile,
            RetryDelays = [],
            Timeout = Timeout,
            TimeProvider = context.Time,
            Locator = new IdentityLocator(context.Environment, context.UserHome),
        });
        try
        {
            config ??= CliConfig.ReadBeside(client.Identity.IdentityPath);
            config?.CheckBelongsTo(client.Identity);
            return new Connection(client, config);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The project given on the command line, else cli.json's default project, else none.</summary>
    public string? Project(string? option) => option is { Length: > 0 } ? option : Config?.ProjectId;

    public void Dispose() => Client.Dispose();
}
