using System.Security.Cryptography;
using NSec.Cryptography;
using SikkerKey.Signing.Keys;

namespace SikkerKey;

public sealed partial class SikkerKeyClient
{
    private readonly SikkerKeyOptions _cacheOptions;
    private SecretCache? _cache;

    /// <summary>Turns the offline cache on for this client (see <see cref="SikkerKeyOptions.OfflineCache"/>), as the official SDKs' EnableCache does.</summary>
    public void EnableCache() => _cache ??= OpenCache();

    /// <summary>Whether values read are sealed into the offline cache.</summary>
    public bool CacheEnabled => _cache is not null;

    /// <summary>Where the offline cache's files are (or would be) for this identity.</summary>
    public string CacheFolder => _cache?.Folder ?? Folder();

    /// <summary>Called with the entries served from the cache because SikkerKey could not be reached (the CLI says so on stderr).</summary>
    internal Action<IReadOnlyList<CachedSecret>>? CacheServed { get; set; }

    /// <summary>The cache of this identity, whether or not reads fill it: for reading it on purpose (<c>--offline</c>).</summary>
    internal SecretCache OpenCache()
    {
        var pem = IdentityFiles.ReadAllBytes(Identity.PrivateKeyPath, $"private key {Identity.PrivateKeyPath}", "put the bundle's private.pem beside identity.json");
        byte[]? seed = null;
        try
        {
            using var key = Ed25519Keys.ImportPrivateKeyPem(pem, allowExport: true);
            seed = key.Export(KeyBlobFormat.RawPrivateKey);
            var warn = _cacheOptions.CacheWarning ?? (message => Console.Error.WriteLine($"sikkerkey: {message}"));
            return new SecretCache(Folder(), Identity.VaultId, Identity.MachineId.ToString(), seed, _time, warn);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
            if (seed is not null)
                CryptographicOperations.ZeroMemory(seed);
        }
    }

    private string Folder() => CacheSettings.Folder(_cacheOptions.CacheDirectory, Identity.VaultId, _cacheOptions.Locator.Environment, _cacheOptions.Locator.UserHome);

    // A read by id knows no name; an export may have cached one, which an offline export still needs.
    private void RememberRead(string secretId, string value)
    {
        if (_cache is not { } cache)
            return;
        var known = cache.Load(secretId);
        cache.Store(secretId, known?.Name, value, known?.FieldNames);
    }

    private void RememberExport(IEnumerable<WireSecret> secrets)
    {
        foreach (var secret in secrets)
            _cache?.Store(secret.Id, secret.Name, secret.Value ?? "", secret.FieldNames);
    }

    // Entries read only by id have no name to make a variable from.
    private static IReadOnlyList<CachedSecret> Exportable(SecretCache cache) => [.. cache.LoadAll().Where(s => s.Name is { Length: > 0 })];

    private IReadOnlyList<CachedSecret> Served(IReadOnlyList<CachedSecret> entries)
    {
        CacheServed?.Invoke(entries);
        return entries;
    }
}
