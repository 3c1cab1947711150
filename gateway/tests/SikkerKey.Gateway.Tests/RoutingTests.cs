using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>Every public path reaches the service that owns it, and only through the gateway's rules.</summary>
public sealed class RoutingTests(SharedSystemFixture fixture)
{
    private readonly Lazy<Task<UserSession>> owner = new(() => UserSession.SignUpAsync(fixture.System));

    /// <summary>/v1 requests must be signed by a machine to get past the gateway at all.</summary>
    private async Task<TestMachine> MachineAsync()
    {
        var user = await owner.Value;
        var project = (await (await user.Client.PostJsonAsync("/api/projects", new { name = "routing-" + Guid.NewGuid().ToString("N")[..8] }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        return await TestMachine.RegisterAsync(fixture.System, user, [project]);
    }

    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", "/api/auth/probe-{0}", "identity" },
        { "POST", "/api/team/members/probe-{0}", "identity" },
        { "GET", "/api/machines/probe-{0}", "identity" },
        { "GET", "/api/integrations/docker/containers/probe-{0}", "provisioning" },
        { "GET", "/api/projects/probe-{0}", "secrets" },
        { "GET", "/api/secrets/probe-{0}/versions", "secrets" },
        { "POST", "/v1/probe-{0}", "secrets" },
        { "GET", "/api/projects/proj_{0}/members/probe", "identity" },
        { "GET", "/api/audit/probe-{0}", "audit" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_route_reaches_its_service_and_no_other(string method, string template, string service)
    {
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid().ToString("N"));
        var client = (await owner.Value).Client;
        using var machine = path.StartsWith("/v1/", StringComparison.Ordinal) ? await MachineAsync() : null;
        using var request = machine?.SignedRequest(new HttpMethod(method), path) ?? new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertJsonErrorAsync(response);
        await Eventually.MatchAsync(() => Task.FromResult(LogLinesFor(path).Select(l => l.Service).ToList()),
            services => services.Count > 0, TimeSpan.FromSeconds(10), $"a log line for {path}");
        Assert.Equal([service], LogLinesFor(path).Select(l => l.Service).Distinct());
    }

    [Fact]
    public async Task Me_goes_to_identity()
    {
        var client = (await owner.Value).Client;
        var before = LogLinesFor("GET /api/me ").Count;

        using var response = await client.GetAsync("/api/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.MatchAsync(() => Task.FromResult(LogLinesFor("GET /api/me ")), lines => lines.Count > before,
            TimeSpan.FromSeconds(10), "identity logging /api/me");
        Assert.All(LogLinesFor("GET /api/me "), line => Assert.Equal("identity", line.Service));
    }

    [Fact]
    public async Task A_spoofed_forwarded_for_never_reaches_the_service()
    {
        var path = $"/api/projects/xff-{Guid.NewGuid():N}";
        var client = (await owner.Value).Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.10");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertJsonErrorAsync(response);
        var line = (await Eventually.MatchAsync(() => Task.FromResult(LogLinesFor(path)), l => l.Count > 0,
            TimeSpan.FromSeconds(10), "the secrets service logging the request")).Single();
        Assert.Equal("secrets", line.Service);
        Assert.Contains("client=127.0.0.1", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.System.Processes.SelectMany(p => p.Output), l => l.Contains("203.0.113.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer sks_not-a-real-token")]
    public async Task Without_a_valid_session_the_request_stops_at_the_gateway(string? authorization)
    {
        var path = $"/api/projects/anonymous-{Guid.NewGuid():N}";
        using var client = fixture.System.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertJsonErrorAsync(response);
        Assert.Empty(LogLinesFor(path));
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_json_404_from_the_gateway()
    {
        using var client = fixture.System.CreateClient();

        using var response = await client.GetAsync("/api/nothing-here", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertJsonErrorAsync(response);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_any_service_sees_it()
    {
        var path = $"/api/projects/big-{Guid.NewGuid():N}";
        using var client = fixture.System.CreateClient();

        using var response = await client.PostAsync(path, new ByteArrayContent(new byte[65 * 1024]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertJsonErrorAsync(response);
        Assert.Empty(LogLinesFor(path));
    }

    [Fact]
    public async Task A_double_slash_before_an_api_path_is_a_json_400_not_the_dashboard_nor_the_service()
    {
        var token = (await owner.Value).Token;

        var answer = await RawHttp.SendAsync(fixture.System.Gateway.Url, $"GET //api/me HTTP/1.1\r\nAuthorization: Bearer {token}");

        Assert.Contains("empty segment", answer.AssertError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty(LogLinesFor("GET //api/me "));
    }

    /// <summary>
    /// What the client got wrong, said as its own status, where the gateway answered 503 ("the service is unavailable",
    /// which the SDKs retry) and warned that the service did not answer.
    /// </summary>
    public static TheoryData<string, string, int, string> ProxiedMistakes => new()
    {
        // HttpClient cannot send a header that is not ASCII, so YARP failed before reaching identity (and counted a
        // transport failure against a healthy replica).
        { "POST /api/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nX-Note: caf\u00c3\u00a9", "{}", 400, "'X-Note'" },
        // A body announced and never sent: Kestrel gives up waiting while YARP copies it.
        { "GET /api/me HTTP/1.1\r\nAuthorization: Bearer {token}\r\nTransfer-Encoding: chunked", "", 408, "did not arrive in time" },
        // A chunk size that is not hexadecimal.
        { "POST /api/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", "zz\r\n{}\r\n0\r\n\r\n", 400, "chunk" },
    };

    [Theory]
    [MemberData(nameof(ProxiedMistakes))]
    public async Task A_client_mistake_on_a_proxied_route_is_its_own_json_status_not_a_503(string head, string body, int status, string reason)
    {
        var token = (await owner.Value).Token;
        head = head.Replace("{token}", token, StringComparison.Ordinal);

        var answer = await RawHttp.SendAsync(fixture.System.Gateway.Url, head, body);

        Assert.Contains(reason, answer.AssertError((HttpStatusCode)status), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fixture.System.Gateway.Output, l => l.Contains("did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_reached_directly_refuses_a_malformed_request_as_json_too()
    {
        var identity = fixture.System.Replicas("identity")[0].Url;

        var header = await RawHttp.SendAsync(identity, "GET /internal/sessions/resolve HTTP/1.1\r\nX-Note: \u00ff");
        var path = await RawHttp.SendAsync(identity, "GET //internal/sessions/resolve HTTP/1.1");

        Assert.Contains("'X-Note'", header.AssertError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("empty segment", path.AssertError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_on_the_gateway()
    {
        using var client = fixture.System.CreateClient();

        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("services").GetString());
    }

    /// <summary>Access-log lines of the services (not the gateway) that mention <paramref name="fragment"/>.</summary>
    private IReadOnlyList<(string Service, string Text)> LogLinesFor(string fragment) =>
        fixture.System.Processes.Where(p => p.Name != "gateway")
            .SelectMany(p => p.Output.Where(l => l.Contains("SikkerKey.Access", StringComparison.Ordinal) && l.Contains(fragment, StringComparison.Ordinal))
                .Select(l => (p.Name, l)))
            .ToList();

    internal static async Task AssertJsonErrorAsync(HttpResponseMessage response)
    {
        Assert.False(response.IsSuccessStatusCode);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} without a JSON body");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
    }
}
