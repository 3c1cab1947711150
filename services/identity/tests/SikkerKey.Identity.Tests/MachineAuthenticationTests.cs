using System.Net;
using System.Text;
using Npgsql;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>Signed v1 requests through the gateway: the good one passes, every malformed or replayed one is refused and audited.</summary>
public sealed class MachineAuthenticationTests(SystemFixture fixture)
{
    [Fact]
    public async Task A_signed_request_passes_the_gateway_and_reaches_the_secrets_service()
    {
        var (_, machine) = await MachineAsync();
        using var client = fixture.System.CreateClient();

        using var response = await client.SendAsync(machine.SignedRequest(HttpMethod.Post, "/v1/secrets/list", "{\"projectId\": \"x\"}"), Http.Ct);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await Eventually.MatchAsync(() => Task.FromResult(fixture.System.Replicas("secrets").SelectMany(r => r.Output).Count(l => l.Contains("POST /v1/secrets/list", StringComparison.Ordinal))),
            count => count > 0, TimeSpan.FromSeconds(10), "the secrets service receiving the request");
    }

    public static TheoryData<string> Forgeries => new()
    {
        "missing signature", "signature not base64", "signature of 32 bytes", "nonce over 64 characters", "timestamp 360 s ahead",
        "timestamp 301 s behind", "timestamp not a number", "machine id not a uuid", "tampered body", "wrong key", "unknown machine", "replayed",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Forged_or_replayed_requests_are_401_and_audited(string forgery)
    {
        var (_, machine) = await MachineAsync();
        using var client = fixture.System.CreateClient();
        var before = await AuthFailuresAsync();

        using var request = Forge(machine, forgery);
        if (forgery == "replayed")
            await (await client.SendAsync(Clone(request), Http.Ct)).Content.ReadAsStringAsync(Http.Ct);
        var message = await (await client.SendAsync(request, Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);

        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.Equal(before + 1, await AuthFailuresAsync());
    }

    [Fact]
    public async Task A_query_string_on_a_signed_route_is_400()
    {
        var (_, machine) = await MachineAsync();
        using var client = fixture.System.CreateClient();
        using var request = machine.SignedRequest(HttpMethod.Get, "/v1/secrets");
        request.RequestUri = new Uri("/v1/secrets?all=1", UriKind.Relative);

        await (await client.SendAsync(request, Http.Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Disable_revoke_and_delete_act_on_the_very_next_request()
    {
        var (owner, machine) = await MachineAsync();
        using var client = fixture.System.CreateClient();
        async Task<HttpStatusCode> Read() => (await client.SendAsync(machine.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).StatusCode;

        Assert.NotEqual(HttpStatusCode.Unauthorized, await Read());
        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, await Read());
        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/enable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.NotEqual(HttpStatusCode.Unauthorized, await Read());
        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/revoke", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, await Read());
        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/enable", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Unauthorized, await Read());

        var (_, other) = await MachineAsync(owner);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.SendAsync(other.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).StatusCode);
        await (await owner.Client.DeleteAsync($"/api/machines/{other.Id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await client.SendAsync(other.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<(UserSession Owner, TestMachine Machine)> MachineAsync(UserSession? owner = null)
    {
        owner ??= await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "p-" + Guid.NewGuid().ToString("N")[..8]);
        return (owner, await TestMachine.RegisterAsync(fixture.System, owner, [project]));
    }

    private static HttpRequestMessage Forge(TestMachine machine, string forgery)
    {
        const string path = "/v1/secrets/list";
        const string body = "{\"projectId\":\"proj_aaaaaaaaaa\"}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = machine.SignedRequest(HttpMethod.Post, path, body);
        void Set(string header, string value)
        {
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, value);
        }
        void Resign(long timestamp, string nonce)
        {
            var headers = machine.Signer.Sign("POST", path, Encoding.UTF8.GetBytes(body), timestamp, nonce);
            foreach (var (name, value) in headers.ToHeaders())
                Set(name, value);
        }
        switch (forgery)
        {
            case "missing signature": request.Headers.Remove(SigningHeaders.Signature); break;
            case "signature not base64": Set(SigningHeaders.Signature, "not*base64!"); break;
            case "signature of 32 bytes": Set(SigningHeaders.Signature, Convert.ToBase64String(new byte[32])); break;
            case "nonce over 64 characters": Resign(now, new string('n', 65)); break;
            // Well past the 300 s window: a request that "is" 301 s ahead when signed is less so by the time a loaded
            // server checks it, and 300 s ahead is allowed.
            case "timestamp 360 s ahead": Resign(now + 360, RequestSigner.NewNonce()); break;
            case "timestamp 301 s behind": Resign(now - 301, RequestSigner.NewNonce()); break;
            case "timestamp not a number": Set(SigningHeaders.Timestamp, "12ab"); break;
            case "machine id not a uuid": Set(SigningHeaders.MachineId, "machine-1"); break;
            case "tampered body": request.Content = new StringContent("{\"projectId\":\"proj_bbbbbbbbbb\"}", Encoding.UTF8, "application/json"); break;
            case "wrong key": Set(SigningHeaders.Signature, Convert.ToBase64String(new byte[64])); break;
            case "unknown machine": Set(SigningHeaders.MachineId, Guid.NewGuid().ToString()); break;
            case "replayed": break;
            default: throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null);
        }
        return request;
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        copy.Content = request.Content is null ? null : new ByteArrayContent(request.Content.ReadAsByteArrayAsync().Result) { Headers = { ContentType = request.Content.Headers.ContentType } };
        return copy;
    }

    private async Task<long> AuthFailuresAsync()
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM identity.mt_events WHERE type = 'machine_auth_failed'", connection);
        return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
    }
}
