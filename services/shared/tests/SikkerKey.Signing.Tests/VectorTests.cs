using SikkerKey.Signing.Keys;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Signing.Tests;

public class VectorTests
{
    [Fact]
    public void The_shared_file_has_the_cases_every_client_must_agree_on() =>
        Assert.True(SigningVector.All.Count >= 8, "clients/vectors/signing.json lost vectors");

    [Theory]
    [MemberData(nameof(SigningVector.Names), MemberType = typeof(SigningVector))]
    public void Signed_string_and_body_hash_match(string name)
    {
        var v = SigningVector.All[name];
        Assert.Equal(v.BodySha256, SignedString.BodyHash(v.BodyBytes));
        Assert.Equal(v.SignedString, SignedString.Build(v.Method, v.Path, v.Headers["X-Timestamp"], v.Nonce, v.BodySha256));
    }

    [Theory]
    [MemberData(nameof(SigningVector.Names), MemberType = typeof(SigningVector))]
    public void Signer_produces_the_expected_headers(string name)
    {
        var v = SigningVector.All[name];
        using var signer = RequestSigner.FromPem(v.MachineId, v.PemBytes);

        var headers = signer.Sign(v.Method, v.Path, v.BodyBytes, v.Timestamp, v.Nonce);

        Assert.Equal(v.Headers, headers.ToHeaders().ToDictionary());
    }

    [Theory]
    [MemberData(nameof(SigningVector.Names), MemberType = typeof(SigningVector))]
    public async Task Verifier_accepts_the_vector_at_its_timestamp(string name)
    {
        var v = SigningVector.All[name];
        var request = new SignedRequest(v.Method, v.Path, false, Headers.Lookup(v.Headers), Convert.FromHexString(v.BodySha256));

        var result = await Verifying.Verify(request, Convert.FromBase64String(v.PublicKey), v.Timestamp);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal((v.MachineId, v.Nonce, v.Timestamp), (result.Request.MachineId, result.Request.Nonce, result.Request.Timestamp.ToUnixTimeSeconds()));
    }

    [Theory]
    [MemberData(nameof(SigningVector.Names), MemberType = typeof(SigningVector))]
    public void Private_key_pem_belongs_to_the_public_key(string name)
    {
        var v = SigningVector.All[name];
        using var key = Ed25519Keys.ImportPrivateKeyPem(v.PemBytes);
        Assert.Equal(v.PublicKey, Convert.ToBase64String(key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey)));
    }
}
