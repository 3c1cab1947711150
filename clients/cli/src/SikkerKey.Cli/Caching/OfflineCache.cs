namespace SikkerKey.Cli.Caching;

/// <summary><c>--offline</c>: reading the cache on purpose, without asking SikkerKey.</summary>
internal static class OfflineCache
{
    public const string Enable = "read it once online with the cache on ('sikkerkey cache enable' or SIKKERKEY_CACHE=1)";

    public static System.CommandLine.Option<bool> Option() =>
        new("--offline") { Description = "Read from the offline cache without asking SikkerKey (see 'sikkerkey cache')" };

    public static SecretCache Open(SikkerKeyClient client)
    {
        var cache = client.OpenCache();
        CheckFolder(cache.Folder);
        return cache;
    }

    /// <summary>A file where the cache folder should be would hide every entry: say so rather than report misses.</summary>
    public static void CheckFolder(string folder)
    {
        for (var path = folder; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
            if (File.Exists(path))
                throw new CliException($"the offline cache folder {folder} cannot be used: {path} is a file; remove it or set SIKKERKEY_CACHE_DIR to a folder");
    }

    public static CachedSecret One(SecretCache cache, string secretId) =>
        cache.Load(secretId) ?? throw new CliException($"{secretId} is not in the offline cache {cache.Folder}: {Enable}");

    /// <summary>Every cached secret that has a name to make a variable from (those read by id alone have none).</summary>
    public static IReadOnlyList<CachedSecret> All(SecretCache cache)
    {
        var all = cache.LoadAll().Where(s => s.Name is { Length: > 0 }).ToList();
        return all.Count > 0 ? all : throw new CliException($"nothing to export is in the offline cache {cache.Folder}: run or export with --all once online with the cache on");
    }
}
