using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Sdk.Tests;

public class IdentityLookupTests
{
    // Each case lays out files and environment, and returns the argument given to the client.
    private static readonly Dictionary<string, Func<LookupSandbox, string?>> Found = new()
    {
        ["explicit identity.json"] = s => s.Bundle("bundle", "vault_a").IdentityFile,
        ["explicit folder"] = s => s.Bundle("bundle", "vault_a").Path,
        ["explicit vault id"] = s => { s.Vault("vault_b"); s.Vault("vault_a"); return "vault_a"; },
        ["SIKKERKEY_IDENTITY"] = s => { s.Environment["SIKKERKEY_IDENTITY"] = s.Bundle("mnt", "vault_a").IdentityFile; return null; },
        ["SIKKERKEY_IDENTITY before the home folder"] = s =>
        {
            s.Vault("vault_b");
            s.Environment["SIKKERKEY_IDENTITY"] = s.Bundle("mnt", "vault_a").IdentityFile;
            return null;
        },
        ["explicit before SIKKERKEY_IDENTITY"] = s =>
        {
            s.Environment["SIKKERKEY_IDENTITY"] = s.Bundle("other", "vault_b").IdentityFile;
            return s.Bundle("bundle", "vault_a").IdentityFile;
        },
        ["SIKKERKEY_VAULT among several"] = s => { s.Vault("vault_b"); s.Vault("vault_a"); s.Environment["SIKKERKEY_VAULT"] = "vault_a"; return null; },
        ["single vault in SIKKERKEY_HOME"] = s =>
        {
            s.Environment["SIKKERKEY_HOME"] = Path.Combine(s.Root, "sk-home");
            s.Vault("vault_a", Path.Combine(s.Root, "sk-home", "vaults"));
            return null;
        },
        ["single vault in ~/.sikkerkey"] = s => { s.Vault("vault_a"); return null; },
    };

    public static TheoryData<string> FoundCases => [.. Found.Keys];

    [Theory]
    [MemberData(nameof(FoundCases))]
    public void Finds_the_identity(string layout)
    {
        using var sandbox = new LookupSandbox();
        var argument = Found[layout](sandbox);

        using var client = sandbox.Open(argument);

        Assert.Equal("vault_a", client.Identity.VaultId);
        Assert.Equal(IdentityFolder.Key.MachineId, client.Identity.MachineId);
        Assert.Equal("docker-calm-otter-3fa1", client.Identity.MachineName);
    }

    [Fact]
    public void Falls_back_to_private_pem_beside_identity_json()
    {
        using var sandbox = new LookupSandbox();
        var bundle = sandbox.Bundle("my-container");
        bundle.WriteIdentity(Fields(bundle, ("privateKeyPath", "/etc/sikkerkey/private.pem")));

        using var client = sandbox.Open(bundle.IdentityFile);

        Assert.Equal(bundle.PrivateKeyFile, client.Identity.PrivateKeyPath);
    }

    [Fact]
    public void A_relative_private_key_path_is_relative_to_identity_json()
    {
        using var sandbox = new LookupSandbox();
        var bundle = sandbox.Bundle("b");
        Directory.CreateDirectory(Path.Combine(bundle.Path, "keys"));
        File.Move(bundle.PrivateKeyFile, Path.Combine(bundle.Path, "keys", "machine.pem"));
        bundle.WriteIdentity(Fields(bundle, ("privateKeyPath", "keys/machine.pem")));

        using var client = sandbox.Open(bundle.IdentityFile);

        Assert.Equal(Path.Combine(bundle.Path, "keys", "machine.pem"), client.Identity.PrivateKeyPath);
    }

    [Theory]
    [InlineData("https://sikkerkey.example.com", "https://sikkerkey.example.com/")]
    [InlineData("https://sikkerkey.example.com:8443/some/prefix", "https://sikkerkey.example.com:8443/")]
    [InlineData("http://localhost:8080", "http://localhost:8080/")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/")]
    public void Accepts_https_anywhere_and_http_on_this_machine(string apiUrl, string origin)
    {
        using var sandbox = new LookupSandbox();
        var bundle = sandbox.Bundle("b", apiUrl: apiUrl);

        using var client = sandbox.Open(bundle.IdentityFile);

        Assert.Equal(new Uri(origin), client.Identity.ApiUrl);
    }

    internal static Dictionary<string, object?> Fields(IdentityFolder bundle, params (string Key, object? Value)[] changes)
    {
        var fields = new Dictionary<string, object?>
        {
            ["machineId"] = IdentityFolder.Key.MachineId.ToString(), ["machineName"] = "docker-calm-otter-3fa1",
            ["vaultId"] = "vault_a", ["apiUrl"] = LookupSandbox.ApiUrl, ["privateKeyPath"] = bundle.PrivateKeyFile,
        };
        foreach (var (key, value) in changes)
        {
            if (value is null)
                fields.Remove(key);
            else
                fields[key] = value;
        }
        return fields;
    }
}
