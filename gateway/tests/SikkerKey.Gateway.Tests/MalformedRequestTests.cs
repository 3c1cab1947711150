using System.Net;
using SikkerKey.Gateway.Tests.Tls;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// Malformed requests from outside, over plain HTTP and over HTTPS: every refusal that can carry a body is
/// <c>{"error"}</c> with the status that says what was wrong, and none falls through to the dashboard. The gateway alone
/// suffices: each is refused before any service would be asked.
/// </summary>
public sealed class MalformedRequestTests(HttpsFixture fixture) : IClassFixture<HttpsFixture>
{
    public static TheoryData<string> Transports => ["http", "https"];

    public static TheoryData<string, string, string> Paths => new()
    {
        { "http", "//api/me", "empty segment" },
        { "https", "//api/me", "empty segment" },
        { "http", "/api//machines", "empty segment" },
        { "http", "//v1/secrets", "empty segment" },
        { "http", "/api%2Fme", "encoded '/'" },
        { "https", "/api%2fme", "encoded '/'" },
        // Kestrel resolves dot segments before routing: these were /x, /etc/passwd and / and got the dashboard with a 200.
        { "http", "/api/secrets/%2e%2e/%2e%2e/x", "'..' segment" },
        { "http", "/api/../../etc/passwd", "'..' segment" },
        { "https", "/v1/./secrets", "'.' or '..'" },
        { "http", "/api/%2E%2e?x=1", "'..' segment" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_path_no_route_can_mean_is_a_json_400_never_the_dashboard(string transport, string path, string reason)
    {
        var answer = await SendAsync(transport, $"GET {path} HTTP/1.1");

        Assert.Contains(reason, answer.AssertError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("nosniff", answer.Headers["x-content-type-options"]);
    }

    public static TheoryData<string, string> Headers => new()
    {
        // "café" as UTF-8, which Kestrel let through and YARP could not forward (503), and a byte that is not UTF-8 at
        // all, which Kestrel refused with an empty 400; both written as Latin-1 so each byte goes out as it is here.
        { "http", "caf\u00c3\u00a9" },
        { "https", "caf\u00c3\u00a9" },
        { "http", "\u00ff" },
        { "https", "\u00ff" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task A_header_value_that_is_not_ASCII_is_a_json_400_naming_the_header(string transport, string value)
    {
        var answer = await SendAsync(transport, $"GET /api/me HTTP/1.1\r\nX-Note: {value}");

        Assert.Contains("'X-Note'", answer.AssertError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_GET_announcing_a_chunked_body_it_never_sends_is_a_json_408_saying_so(string transport)
    {
        // /v1 reads the body at the gateway to check its signature's hash; Kestrel stops waiting for it after its grace
        // period (MinRequestBodyDataRate).
        var answer = await SendAsync(transport, "GET /v1/secrets HTTP/1.1\r\nTransfer-Encoding: chunked");

        Assert.Contains("did not arrive in time", answer.AssertError(HttpStatusCode.RequestTimeout), StringComparison.Ordinal);
    }

    /// <summary>
    /// Not a fix but the documented limit (KestrelRejections): Kestrel refuses these while parsing, before any middleware
    /// exists, and no body can be added. They must keep their status and end the connection.
    /// </summary>
    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Kestrels_own_refusals_keep_their_status_and_close_the_connection(string transport)
    {
        var nul = await SendAsync(transport, "GET /api/me%00 HTTP/1.1");
        var huge = await SendAsync(transport, "GET /api/me HTTP/1.1\r\nX-Big: " + new string('a', 40 * 1024));

        Assert.Equal((400, "close"), (nul.Status, nul.Headers["connection"]));
        Assert.Equal((431, "close"), (huge.Status, huge.Headers["connection"]));
    }

    private Task<RawHttp.Answer> SendAsync(string transport, string head) => transport == "https"
        ? RawHttp.SendAsync(fixture.Https("/"), head, caFile: fixture.Certificates.CaFile)
        // Plain HTTP from loopback is served, not redirected to HTTPS (PlainHttpRedirectMiddleware).
        : RawHttp.SendAsync(new Uri($"http://127.0.0.1:{fixture.HttpPort}/"), head);
}
