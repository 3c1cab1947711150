namespace SikkerKey;

/// <summary>Whether the offline cache is on and where its files go, from the options or the environment.</summary>
internal static class CacheSettings
{
    public const string EnabledVariable = "SIKKERKEY_CACHE";
    public const string FolderVariable = "SIKKERKEY_CACHE_DIR";

    public static bool IsOn(bool? option, Func<string, string?> environment) =>
        option ?? environment(EnabledVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";

    /// <summary>
    /// The option's folder; else <c>$SIKKERKEY_CACHE_DIR/&lt;vaultId&gt;</c>; else the official CLI's
    /// <c>$SIKKERKEY_HOME/vaults/&lt;vaultId&gt;/cache</c> (never inside a read-only bundle mount).
    /// </summary>
    public static string Folder(string? option, string vaultId, Func<string, string?> environment, string userHome)
    {
        if (option is { Length: > 0 })
            return Path.GetFullPath(option);
        if (environment(FolderVariable) is { Length: > 0 } root)
            return Path.GetFullPath(Path.Combine(root, vaultId));
        var home = environment("SIKKERKEY_HOME") is { Length: > 0 } set ? set : Path.Combine(userHome, ".sikkerkey");
        return Path.GetFullPath(Path.Combine(home, "vaults", vaultId, "cache"));
    }
}
