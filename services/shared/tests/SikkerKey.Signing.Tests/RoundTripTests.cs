using System.Text;
using Microsoft.Extensions.Time.Testing;
using SikkerKey.Signing.Keys;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Signing.Tests;

public class RoundTripTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_generated_identity_signs_requests_the_server_accepts()
    {
        using var pair = Ed25519Keys.Generate();
        var machineId = Guid.NewGuid();
        using var signer = RequestSigner.FromPem(machineId, pair.PrivateKeyPem, new FakeTimeProvider(Now));
        var body = "{\"projectId\": \"proj_a1b2c3d4e5\"}"u8.ToArray();

        var headers = signer.Sign("post", "/v1/secrets/list", body);
        var request = new SignedRequestParts("POST", "/v1/secrets/list", false, headers.ToHeaders().ToDictionary(), body, pair.PublicKey, Now.ToUnixTimeSeconds());
        var result = await Verifying.Verify(request.ToRequest(), pair.PublicKey, Now.ToUnixTimeSeconds());

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(machineId, result.Request.MachineId);
        Assert.Equal(Now, result.Request.Timestamp);
    }

    [Fact]
    public void Generated_keys_are_a_pkcs8_pem_and_a_raw_public_key()
    {
        using var pair = Ed25519Keys.Generate();

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", Encoding.ASCII.GetString(pair.PrivateKeyPem), StringComparison.Ordinal);
        Assert.Equal(32, pair.PublicKey.Length);
        using var key = Ed25519Keys.ImportPrivateKeyPem(pair.PrivateKeyPem);
        Assert.Equal(pair.PublicKey, key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey));
    }

    [Fact]
    public void Disposing_a_generated_pair_wipes_the_private_key()
    {
        var pair = Ed25519Keys.Generate();
        pair.Dispose();
        Assert.All(pair.PrivateKeyPem, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Every_signature_gets_a_fresh_16_byte_nonce()
    {
        using var pair = Ed25519Keys.Generate();
        using var signer = RequestSigner.FromPem(Guid.NewGuid(), pair.PrivateKeyPem);

        var nonces = Enumerable.Range(0, 50).Select(_ => signer.Sign("GET", "/v1/secrets", []).Nonce).ToList();

        Assert.Equal(50, nonces.Distinct().Count());
        Assert.All(nonces, n => Assert.Equal(16, Convert.FromBase64String(n).Length));
        Assert.All(nonces, n => Assert.Equal(24, n.Length));
    }

    [Fact]
    public void Clients_never_sign_a_query_string()
    {
        using var pair = Ed25519Keys.Generate();
        using var signer = RequestSigner.FromPem(Guid.NewGuid(), pair.PrivateKeyPem);
        Assert.Throws<ArgumentException>(() => signer.Sign("GET", "/v1/secrets?x=1", []));
    }
}
