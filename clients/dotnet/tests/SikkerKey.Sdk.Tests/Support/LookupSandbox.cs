namespace SikkerKey.Sdk.Tests.Support;

/// <summary>A throwaway user home and environment, so lookup tests never read the real ones (or each other's).</summary>
internal sealed class LookupSandbox : IDisposable
{
    public const string ApiUrl = "https://sikkerkey.example.com";

    public string Root { get; } = Directory.CreateTempSubdirectory("sikkerkey-lookup-").FullName;

    public Dictionary<string, string> Environment { get; } = [];

    public string UserHome => Path.Combine(Root, "home");

    public string DefaultVaults => Path.Combine(UserHome, ".sikkerkey", "vaults");

    /// <summary>A bundle extracted at <paramref name="folder"/> (relative to the sandbox).</summary>
    public IdentityFolder Bundle(string folder, string? vaultId = null, string apiUrl = ApiUrl) =>
        IdentityFolder.Create(apiUrl, parent: Path.Combine(Root, folder), vaultId: vaultId);

    public IdentityFolder Vault(string vaultId, string? home = null) =>
        IdentityFolder.Create(ApiUrl, parent: Path.Combine(home ?? DefaultVaults, vaultId), vaultId: vaultId);

    /// <summary>The public way in: a client constructor, here with the sandbox's environment.</summary>
    public SikkerKeyClient Open(string? pathOrVaultId) => new(new SikkerKeyOptions
    {
        Identity = pathOrVaultId,
        Locator = new IdentityLocator(name => Environment.GetValueOrDefault(name), UserHome),
    });

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
