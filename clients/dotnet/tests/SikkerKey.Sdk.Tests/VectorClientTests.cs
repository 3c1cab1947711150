using Microsoft.Extensions.Time.Testing;
using SikkerKey.Sdk.Tests.Support;
using SikkerKey.Signing.Tests;

namespace SikkerKey.Sdk.Tests;

/// <summary>The client puts exactly the shared vectors' headers, path and body on the wire.</summary>
public class VectorClientTests
{
    [Theory]
    [MemberData(nameof(SigningVector.Names), MemberType = typeof(SigningVector))]
    public async Task Client_sends_what_the_vector_says(string name)
    {
        var v = SigningVector.All[name];
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(v.Timestamp));
        await using var server = await SignedApiServer.StartAsync(Convert.FromBase64String(v.PublicKey), time);
        using var identity = IdentityFolder.Create(server.Url.ToString(), v);
        using var client = new SikkerKeyClient(new SikkerKeyOptions { Identity = identity.IdentityFile, TimeProvider = time }.WithNonce(v.Nonce));
        var body = v.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) ? null : v.BodyBytes;

        await client.Transport.SendAsync(new HttpMethod(v.Method), v.Path, body, TestContext.Current.CancellationToken);

        var received = Assert.Single(server.Received);
        Assert.True(received.Verification.IsSuccess, received.Verification.Error?.Message);
        Assert.Equal(v.Path, received.RawPath);
        Assert.Equal(v.BodyBytes, received.Body);
        Assert.All(v.Headers, h => Assert.Equal(h.Value, received.Headers[h.Key]));
    }
}
