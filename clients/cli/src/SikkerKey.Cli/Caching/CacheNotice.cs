namespace SikkerKey.Cli.Caching;

/// <summary>The stderr line saying values came from the offline cache, and how old they are (never the values).</summary>
internal static class CacheNotice
{
    public static string Served(IReadOnlyList<CachedSecret> entries, DateTimeOffset now, bool onPurpose)
    {
        var why = onPurpose ? "offline" : "SikkerKey is unreachable";
        var what = entries.Count == 1 ? entries[0].SecretId : $"{entries.Count} secrets";
        return $"{why}: {what} served from the offline cache (cached {Age(now - entries.Min(e => e.CachedAt))})";
    }

    private static string Age(TimeSpan age) => age switch
    {
        _ when age < TimeSpan.FromMinutes(1) => "just now",
        _ when age < TimeSpan.FromHours(1) => $"{(int)age.TotalMinutes}m ago",
        _ when age < TimeSpan.FromDays(1) => $"{(int)age.TotalHours}h ago",
        _ => $"{(int)age.TotalDays}d ago",
    };
}
