using SikkerKey.Signing;

namespace SikkerKey;

/// <summary>
/// Reads the secrets granted to this machine. Every request is signed with the machine's Ed25519 key; values
/// live only in memory and are never logged, nor written to disk unless the offline cache is turned on
/// (<see cref="SikkerKeyOptions.OfflineCache"/>). Thread-safe; keep one per process.
/// </summary>
public sealed partial class SikkerKeyClient : IDisposable
{
    private readonly RequestSigner _signer;
    private readonly HttpClient? _ownedHttp;
    private readonly SignedTransport _transport;
    private readonly TimeProvider _time;

    /// <summary>Finds the identity through <c>$SIKKERKEY_IDENTITY</c> and <c>~/.sikkerkey</c> (see <see cref="MachineIdentity.Locate"/>).</summary>
    public SikkerKeyClient() : this(new SikkerKeyOptions())
    {
    }

    /// <param name="identityPathOrVaultId">Path to identity.json (or its folder), or a vault id.</param>
    public SikkerKeyClient(string identityPathOrVaultId) : this(new SikkerKeyOptions { Identity = identityPathOrVaultId })
    {
    }

    public SikkerKeyClient(SikkerKeyOptions options) : this(options, null)
    {
    }

    /// <param name="httpClient">Your own client (proxy, handlers); its own timeout applies on top of <see cref="SikkerKeyOptions.Timeout"/>.</param>
    public SikkerKeyClient(SikkerKeyOptions options, HttpClient? httpClient)
    {
        options.Validate();
        Identity = options.Locator.Locate(options.Identity);
        _signer = PrivateKeyFile.OpenSigner(Identity, options.TimeProvider);
        _ownedHttp = httpClient is null ? OwnedHttpClient(options.Locator.Environment) : null;
        _transport = new SignedTransport(httpClient ?? _ownedHttp!, _signer, Identity.ApiUrl, options);
        _time = options.TimeProvider;
        _cacheOptions = options;
        if (CacheSettings.IsOn(options.OfflineCache, options.Locator.Environment))
            EnableCache();
    }

    internal SignedTransport Transport => _transport;

    /// <summary>The identity this client signs as.</summary>
    public MachineIdentity Identity { get; }

    public void Dispose()
    {
        _ownedHttp?.Dispose();
        _signer.Dispose();
        _cache?.Dispose();
    }

    // Per-attempt timeouts are ours; pooled connections are recycled so DNS changes are seen.
    private static HttpClient OwnedHttpClient(Func<string, string?> environment)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (TrustedAuthorities.FromEnvironment(environment) is { } tls)
            handler.SslOptions = tls;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
