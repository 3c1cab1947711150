using System.Net;
using System.Text;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>A system of its own, so its logs hold nothing but what the bad-input table caused.</summary>
public sealed class BadInputFixture : SystemFixture;

/// <summary>
/// A client's mistakes — a body that is not JSON, no body, a field of the wrong type — are a 400 naming what was
/// wrong, one information line in the log, never a <c>fail:</c> with a stack trace; and no answer names the server software.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    /// <summary>Method, path ({project}, {machine} filled in), raw body (null: none), and the field the error must name.</summary>
    public static TheoryData<string, string, string?, string?> Mistakes => new()
    {
        { "POST", "/api/auth/login", "not json", null },
        { "POST", "/api/auth/login", null, null },
        { "POST", "/api/auth/login", """{"email": 5, "password": "correct horse battery"}""", "email" },
        { "POST", "/api/projects", """{"name": ["web"]}""", "name" },
        { "POST", "/api/projects", "{", null },
        { "POST", "/api/projects/{project}/secrets", """{"name": "db", "value": 12}""", "value" },
        { "POST", "/api/projects/{project}/secrets", null, null },
        { "POST", "/api/integrations/docker/containers", """{"projectId": "{project}", "secretIds": "sk_aaaaaaaaaa"}""", "secretIds" },
        { "POST", "/api/integrations/docker/containers", """{"projectId": "{project}", "allSecrets": "yes"}""", "allSecrets" },
        { "PATCH", "/api/machines/{machine}", """{"name": {}}""", "name" },
        { "PUT", "/api/projects/{project}/members/{machine}", """{"permissions": "ReadSecrets"}""", "permissions" },
        { "POST", "/api/team/members", "[1, 2", null },
        { "POST", "/v1/secrets/list", "{not json", null },
        { "POST", "/v1/secrets/list", """{"projectId": 5}""", "projectId" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_client_mistake_is_a_400_naming_the_field_and_no_error_in_the_logs(string method, string path, string? body, string? field)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "web" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        path = path.Replace("{project}", project, StringComparison.Ordinal).Replace("{machine}", machine.Id.ToString(), StringComparison.Ordinal);
        body = body?.Replace("{project}", project, StringComparison.Ordinal);
        var failuresBefore = FailLines().Count;

        using var request = path.StartsWith("/v1", StringComparison.Ordinal)
            ? TestMachine.SignedRequest(machine.Signer, new HttpMethod(method), path, body)
            : new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        if (request.Content is null && method != "GET")
            request.Content = new ByteArrayContent([]) { Headers = { ContentType = new("application/json") } };
        using var response = await owner.Client.SendAsync(request, Http.Ct);

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        if (field is not null)
            Assert.Contains(field, message, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Server"), "the answer names the server software");
        // The access log line comes after anything the request logged, in the same log queue.
        await Eventually.MatchAsync(() => Task.FromResult(fixture.System.Processes.SelectMany(p => p.Output)
            .Count(l => l.Contains($"{method} {path} 400", StringComparison.Ordinal))), count => count > 0, TimeSpan.FromSeconds(30), "the request's access log line");
        Assert.Equal(failuresBefore, FailLines().Count);
    }

    /// <summary>
    /// Request line and headers ({project} filled in), body, status, and the whole message: what the framework refuses
    /// before a handler runs (a query value it cannot bind, a body that is not said to be JSON) answered "Failed to bind
    /// parameter "Nullable&lt;Guid&gt; ownerId" from "abc"." and "Expected a supported JSON media type but got """.
    /// </summary>
    public static TheoryData<string, string, int, string> FrameworkRefusals => new()
    {
        { "GET /api/machines?ownerId=abc HTTP/1.1", "", 400, "ownerId must be a UUID" },
        { "GET /api/machines?ownerId= HTTP/1.1", "", 400, "ownerId must be a UUID" },
        { "GET /api/projects/{project}/secrets?trash=maybe HTTP/1.1", "", 400, "trash must be true or false" },
        { "POST /api/projects HTTP/1.1\r\nContent-Type: ", """{"name": "ops"}""", 415, "send the body as JSON with Content-Type: application/json" },
        { "POST /api/projects HTTP/1.1", """{"name": "ops"}""", 415, "send the body as JSON with Content-Type: application/json" },
        { "POST /api/projects HTTP/1.1\r\nContent-Type: text/plain", """{"name": "ops"}""", 415, "send the body as JSON with Content-Type: application/json" },
    };

    [Theory]
    [MemberData(nameof(FrameworkRefusals))]
    public async Task What_the_framework_refuses_is_said_in_our_words_and_changes_nothing(string head, string body, int status, string expected)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "web" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        head = head.Replace("{project}", project, StringComparison.Ordinal) + $"\r\nAuthorization: Bearer {owner.Token}"
            + (body.Length == 0 ? "" : $"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}");
        var failuresBefore = FailLines().Count;

        var answer = await RawHttp.SendAsync(fixture.System.Gateway.Url, head, body);

        Assert.Equal(expected, answer.AssertError((HttpStatusCode)status));
        var projects = (await (await owner.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects");
        Assert.Equal([project], projects.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(failuresBefore, FailLines().Count);
    }

    private List<string> FailLines() =>
        fixture.System.Processes.SelectMany(p => p.Output).Where(l => l.Contains("fail:", StringComparison.Ordinal)).ToList();
}
