namespace SikkerKey;

/// <summary>A machine identity as a bundle's identity.json describes it, with its private key file found.</summary>
/// <param name="ApiUrl">The server's origin; requests go to <c>/v1/…</c> at its root, any path in identity.json dropped.</param>
public sealed record MachineIdentity(
    Guid MachineId, string MachineName, string VaultId, Uri ApiUrl, string IdentityPath, string PrivateKeyPath)
{
    /// <summary>
    /// Finds the identity, first hit wins: the argument (a path to identity.json or its folder, or a vault id),
    /// <c>$SIKKERKEY_IDENTITY</c>, <c>$SIKKERKEY_HOME/vaults/&lt;vaultId&gt;/identity.json</c> (vault id from
    /// <c>$SIKKERKEY_VAULT</c>), then the single vault under <c>$SIKKERKEY_HOME</c> (default <c>~/.sikkerkey</c>).
    /// </summary>
    /// <exception cref="IdentityException">No usable identity; the message names the file and the fix.</exception>
    public static MachineIdentity Locate(string? pathOrVaultId = null) => IdentityLocator.FromEnvironment().Locate(pathOrVaultId);

    /// <summary>Reads one identity.json.</summary>
    /// <exception cref="IdentityException">The file is missing or unusable; the message names it and the fix.</exception>
    public static MachineIdentity Load(string identityPath) => IdentityFile.Read(identityPath, "given");
}
