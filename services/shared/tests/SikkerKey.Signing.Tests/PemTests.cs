using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using SikkerKey.Signing.Keys;

namespace SikkerKey.Signing.Tests;

public class PemTests
{
    private static readonly string GoodPem = SigningVector.All["get-secret"].PrivateKeyPem;

    private static readonly Dictionary<string, Func<string>> BadKeys = new()
    {
        ["empty file"] = () => "",
        ["not PEM at all"] = () => "machineId=6f0c2b1e\n",
        ["raw base64 without armour"] = () => GoodPem.Split('\n')[1],
        ["RSA key in PKCS#8"] = () => RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
        ["EC key in PKCS#8"] = () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
        ["SEC1 EC key"] = () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportECPrivateKeyPem(),
        ["PKCS#1 RSA key"] = () => RSA.Create(2048).ExportRSAPrivateKeyPem(),
        ["OpenSSH key"] = () => GoodPem.Replace("PRIVATE KEY", "OPENSSH PRIVATE KEY", StringComparison.Ordinal),
        ["encrypted PKCS#8"] = () => ECDsa.Create().ExportEncryptedPkcs8PrivateKeyPem("pw"u8,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
        ["public key"] = () => Encoding.ASCII.GetString(
            Key.Create(SignatureAlgorithm.Ed25519).PublicKey.Export(KeyBlobFormat.PkixPublicKeyText)),
        ["truncated body"] = () => GoodPem.Replace("MC4CAQAw", "MC4C", StringComparison.Ordinal),
    };

    public static TheoryData<string, string> Table => new()
    {
        { "empty file", "not a PEM key" },
        { "not PEM at all", "not a PEM key" },
        { "raw base64 without armour", "not a PEM key" },
        { "RSA key in PKCS#8", "not a valid Ed25519 key" },
        { "EC key in PKCS#8", "not a valid Ed25519 key" },
        { "SEC1 EC key", "PEM \"EC PRIVATE KEY\" block, not PKCS#8" },
        { "PKCS#1 RSA key", "PEM \"RSA PRIVATE KEY\" block, not PKCS#8" },
        { "OpenSSH key", "OpenSSH private key" },
        { "encrypted PKCS#8", "encrypted" },
        { "public key", "public key, not a private key" },
        { "truncated body", "not a valid Ed25519 key" },
    };

    [Fact]
    public void Every_bad_key_is_in_the_table() => Assert.Equal(BadKeys.Keys.Order(), Table.Select(row => row.Data.Item1).Order());

    [Theory]
    [MemberData(nameof(Table))]
    public void A_bad_key_says_what_it_is_and_what_is_needed(string bad, string says)
    {
        var pem = Encoding.UTF8.GetBytes(BadKeys[bad]());

        var error = Assert.Throws<InvalidPrivateKeyException>(() => Ed25519Keys.ImportPrivateKeyPem(pem));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PRIVATE KEY-----", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n", "\r\n")]
    [InlineData("-----BEGIN", "# written by SikkerKey\n-----BEGIN")]
    [InlineData("-----\n", "-----\n\n\n")]
    public void Tolerates_line_endings_and_surrounding_text(string find, string replace)
    {
        var pem = Encoding.ASCII.GetBytes(GoodPem.Replace(find, replace, StringComparison.Ordinal));
        using var key = Ed25519Keys.ImportPrivateKeyPem(pem);
        Assert.Equal(SignatureAlgorithm.Ed25519, key.Algorithm);
    }

    [Fact]
    public void An_imported_key_cannot_be_exported_unless_asked()
    {
        using var key = Ed25519Keys.ImportPrivateKeyPem(Encoding.ASCII.GetBytes(GoodPem));
        Assert.Throws<InvalidOperationException>(() => key.Export(KeyBlobFormat.PkixPrivateKeyText));
    }
}
