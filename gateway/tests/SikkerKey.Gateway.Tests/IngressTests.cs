using System.Net;
using NSec.Cryptography;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>The gateway behind an ingress on loopback (where the tests connect from), with a small lockout.</summary>
public sealed class IngressFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SIKKERKEY_TRUSTED_PROXIES"] = "127.0.0.1",
        ["SIKKERKEY_AUTH_LOCKOUT_FAILURES"] = "5",
    };
}

/// <summary>
/// Behind a Kubernetes ingress every request comes from the ingress: with it named in <c>SIKKERKEY_TRUSTED_PROXIES</c>
/// the gateway takes the client from <c>X-Forwarded-For</c>, so per-address limits and logs see the real client.
/// </summary>
public sealed class IngressTests(IngressFixture fixture) : IClassFixture<IngressFixture>
{
    [Fact]
    public async Task Per_address_limits_count_the_client_the_trusted_ingress_names()
    {
        using var client = fixture.System.CreateClient();
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        async Task<HttpStatusCode> UnknownMachineFrom(string address)
        {
            using var stranger = new RequestSigner(Guid.NewGuid(), key);
            using var request = TestMachine.SignedRequest(stranger, HttpMethod.Get, "/v1/secrets");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
            using var response = await client.SendAsync(request, Http.Ct);
            return response.StatusCode;
        }

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            answers.Add(await UnknownMachineFrom("203.0.113.1"));
        answers.Add(await UnknownMachineFrom("203.0.113.2"));

        HttpStatusCode[] expected = [.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized];
        Assert.True(expected.SequenceEqual(answers), $"expected {string.Join(", ", expected.Select(s => (int)s))}, got {string.Join(", ", answers.Select(s => (int)s))}\n{fixture.System.Describe()}");

        await Eventually.MatchAsync(() => Task.FromResult(fixture.System.Gateway.Output.Count(l => l.Contains("client=203.0.113.2", StringComparison.Ordinal))),
            count => count > 0, TimeSpan.FromSeconds(10), "the gateway logging the forwarded client");
    }
}
