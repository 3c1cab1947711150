using SikkerKey.Cli.Caching;

namespace SikkerKey.Cli.Connecting;

/// <summary>The identity this CLI signs as, a client that never retries (as the official CLI), and cli.json's defaults.</summary>
internal sealed class Connection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly CliContext _context;
    private SecretCache? _offline;

    private Connection(SikkerKeyClient client, CliConfig? config, CliContext context) => (Client, Config, _context) = (client, config, context);

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
            OfflineCache = CacheSwitch.IsOn(context),
            CacheWarning = message => context.Error.WriteLine($"sikkerkey: {message}"),
        });
        client.CacheServed = served => context.Error.WriteLine($"sikkerkey: {CacheNotice.Served(served, context.Time.GetUtcNow(), onPurpose: false)}");
        try
        {
            config ??= CliConfig.ReadBeside(client.Identity.IdentityPath);
            config?.CheckBelongsTo(client.Identity);
            return new Connection(client, config, context);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The project given on the command line (a name or an id), else cli.json's default project, else none.</summary>
    public async Task<string?> ProjectAsync(string? option, CancellationToken cancellationToken) =>
        option is { Length: > 0 } ? await ProjectNames.ResolveAsync(Client, option, cancellationToken) : Config?.ProjectId;

    /// <summary>The offline cache when <c>--offline</c> was given, else <c>null</c> (ask SikkerKey).</summary>
    public SecretCache? Offline(bool offline) => offline ? _offline ??= OfflineCache.Open(Client) : null;

    /// <summary>Says on stderr that values were read from the cache on purpose.</summary>
    public void OfflineServed(IReadOnlyList<CachedSecret> served) =>
        _context.Error.WriteLine($"sikkerkey: {CacheNotice.Served(served, _context.Time.GetUtcNow(), onPurpose: true)}");

    public void Dispose()
    {
        _offline?.Dispose();
        Client.Dispose();
    }
}
