using System.Runtime.Versioning;
using System.Security.Cryptography;
using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.IdentityLookupTests;

namespace SikkerKey.Sdk.Tests;

public class IdentityErrorTests
{
    private sealed record Case(Func<LookupSandbox, (string? Argument, string FaultyPath)> Arrange, params string[] Says);

    private static (string?, string) Identity(IdentityFolder bundle, params (string, object?)[] changes)
    {
        bundle.WriteIdentity(Fields(bundle, changes));
        return (bundle.IdentityFile, bundle.IdentityFile);
    }

    private static (string?, string) RawIdentity(IdentityFolder bundle, string text)
    {
        File.WriteAllText(bundle.IdentityFile, text);
        return (bundle.IdentityFile, bundle.IdentityFile);
    }

    private static (string?, string) Key(IdentityFolder bundle, string pem)
    {
        File.WriteAllText(bundle.PrivateKeyFile, pem);
        return (bundle.IdentityFile, bundle.PrivateKeyFile);
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["explicit file missing"] = new(s => (Path.Combine(s.Root, "nope", "identity.json"), Path.Combine(s.Root, "nope", "identity.json")),
            "does not exist", "SIKKERKEY_IDENTITY"),
        ["SIKKERKEY_IDENTITY names a missing file"] = new(s =>
        {
            s.Environment["SIKKERKEY_IDENTITY"] = Path.Combine(s.Root, "gone.json");
            return (null, Path.Combine(s.Root, "gone.json"));
        }, "named by SIKKERKEY_IDENTITY", "does not exist"),
        ["unknown vault id"] = new(s => ("vault_nope", Path.Combine(s.DefaultVaults, "vault_nope", "identity.json")), "of vault vault_nope", "does not exist"),
        ["no identity anywhere"] = new(s => (null, s.DefaultVaults), "No SikkerKey identity found", "SIKKERKEY_IDENTITY"),
        ["several vaults, none chosen"] = new(s => { s.Vault("vault_a"); s.Vault("vault_b"); return (null, s.DefaultVaults); },
            "vault_a, vault_b", "pass the vault id"),
        ["identity.json is a folder"] = new(s =>
        {
            var folder = Path.Combine(s.Root, "mnt");
            Directory.CreateDirectory(Path.Combine(folder, "identity.json"));
            return (folder, Path.Combine(folder, "identity.json"));
        }, "is a folder, not a file"),
        ["malformed JSON"] = new(s => RawIdentity(s.Bundle("b"), "{ \"machineId\": "), "not valid JSON (line 1)", "re-extract"),
        ["JSON array"] = new(s => RawIdentity(s.Bundle("b"), "[]"), "not a JSON object"),
        ["no machineId"] = new(s => Identity(s.Bundle("b"), ("machineId", null)), "has no \"machineId\"", "re-extract"),
        ["no vaultId"] = new(s => Identity(s.Bundle("b"), ("vaultId", null)), "has no \"vaultId\""),
        ["no apiUrl"] = new(s => Identity(s.Bundle("b"), ("apiUrl", null)), "has no \"apiUrl\""),
        ["machineId not a UUID"] = new(s => Identity(s.Bundle("b"), ("machineId", "machine-1")), "\"machineId\"", "not a UUID"),
        ["apiUrl not a string"] = new(s => Identity(s.Bundle("b"), ("apiUrl", 8080)), "\"apiUrl\"", "must be a string"),
        ["apiUrl not a URL"] = new(s => Identity(s.Bundle("b"), ("apiUrl", "sikkerkey.example.com")), "not an http(s) URL"),
        ["apiUrl plain http to another host"] = new(s => Identity(s.Bundle("b"), ("apiUrl", "http://sikkerkey.example.com")),
            "plain http:// is allowed only for localhost", "https://"),
        ["apiUrl plain http to 127.0.0.2"] = new(s => Identity(s.Bundle("b"), ("apiUrl", "http://127.0.0.2:8080")), "plain http://"),
        ["no private key anywhere"] = new(s =>
        {
            var bundle = s.Bundle("b");
            File.Delete(bundle.PrivateKeyFile);
            Identity(bundle, ("privateKeyPath", "/etc/sikkerkey/private.pem"));
            return (bundle.IdentityFile, bundle.PrivateKeyFile);
        }, "neither /etc/sikkerkey/private.pem", "put the bundle's private.pem beside identity.json"),
        ["private key is a SEC1 EC key"] = new(s => Key(s.Bundle("b"), ECDsa.Create().ExportECPrivateKeyPem()),
            "is unusable", "EC PRIVATE KEY", "-----BEGIN PRIVATE KEY-----"),
        ["private key is an RSA PKCS#8 key"] = new(s => Key(s.Bundle("b"), RSA.Create(2048).ExportPkcs8PrivateKeyPem()),
            "is unusable", "not a valid Ed25519 key"),
        ["private key is empty"] = new(s => Key(s.Bundle("b"), ""), "is unusable", "not a PEM key"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Names_the_file_and_the_fix(string name)
    {
        using var sandbox = new LookupSandbox();
        var (argument, faultyPath) = Cases[name].Arrange(sandbox);

        var error = Assert.Throws<IdentityException>(() => sandbox.Open(argument).Dispose());

        Assert.Equal(faultyPath, error.Path);
        Assert.Contains(faultyPath, error.Message, StringComparison.Ordinal);
        Assert.All(Cases[name].Says, says => Assert.Contains(says, error.Message, StringComparison.Ordinal));
    }
}
