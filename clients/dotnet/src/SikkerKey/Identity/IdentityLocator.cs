namespace SikkerKey;

/// <summary>The identity lookup order every SikkerKey client follows, with the environment injectable for tests.</summary>
internal sealed class IdentityLocator(Func<string, string?> environment, string userHome)
{
    public static IdentityLocator FromEnvironment() =>
        new(System.Environment.GetEnvironmentVariable, System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile));

    /// <summary>Where SIKKERKEY_* variables are read.</summary>
    public Func<string, string?> Environment => environment;

    public string UserHome => userHome;

    public MachineIdentity Locate(string? pathOrVaultId)
    {
        if (!string.IsNullOrWhiteSpace(pathOrVaultId))
            return LooksLikePath(pathOrVaultId)
                ? IdentityFile.Read(InFolder(pathOrVaultId), "given")
                : IdentityFile.Read(VaultIdentity(pathOrVaultId), $"of vault {pathOrVaultId}");
        if (Variable("SIKKERKEY_IDENTITY") is { } identity)
            return IdentityFile.Read(InFolder(identity), "named by SIKKERKEY_IDENTITY");
        if (Variable("SIKKERKEY_VAULT") is { } vault)
            return IdentityFile.Read(VaultIdentity(vault), "of SIKKERKEY_VAULT");
        return IdentityFile.Read(SingleVault(), "of the only vault");
    }

    private string Home => Variable("SIKKERKEY_HOME") ?? Path.Combine(userHome, ".sikkerkey");

    private string Vaults => Path.Combine(Home, "vaults");

    private string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;

    private string VaultIdentity(string vaultId) => Path.Combine(Vaults, vaultId, "identity.json");

    // A vault id is a bare name; anything with a separator or a .json ending, or that exists, is a path.
    private static bool LooksLikePath(string value) =>
        value.IndexOfAny(['/', '\\']) >= 0 || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || File.Exists(value) || Directory.Exists(value);

    private static string InFolder(string path) => Directory.Exists(path) ? Path.Combine(path, "identity.json") : path;

    private string SingleVault()
    {
        var found = Directory.Exists(Vaults)
            ? Directory.GetDirectories(Vaults).Where(d => File.Exists(Path.Combine(d, "identity.json"))).Order(StringComparer.Ordinal).ToList()
            : [];
        return found.Count switch
        {
            1 => Path.Combine(found[0], "identity.json"),
            0 => throw new IdentityException(
                $"No SikkerKey identity found: SIKKERKEY_IDENTITY is not set and {Vaults} holds no vault. Set SIKKERKEY_IDENTITY to the identity.json of your bundle (e.g. /etc/sikkerkey/identity.json), or pass its path.",
                Vaults),
            _ => throw new IdentityException(
                $"{Vaults} holds {found.Count} vaults ({string.Join(", ", found.Select(Path.GetFileName))}): pass the vault id, or set SIKKERKEY_VAULT or SIKKERKEY_IDENTITY.",
                Vaults),
        };
    }
}
