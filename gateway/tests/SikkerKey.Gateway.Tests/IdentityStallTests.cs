using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// The gateway reaches identity through a proxy the test can make stop answering, while a call between services may
/// wait far longer than any client would (here 10 minutes, where the default is 30 s); the gateway's lookup limit
/// keeps its default (10 s).
/// </summary>
public sealed class StallingIdentityFixture : SystemFixture
{
    private Uri? identity;

    // The gateway's readiness check goes through the proxy too, so it must know identity's address before the system is up.
    public StallingIdentityFixture() => Proxy = new HttpFaultProxy(() => Volatile.Read(ref identity));

    protected override void AddressesChosen(IReadOnlyDictionary<string, IReadOnlyList<Uri>> addresses) => Volatile.Write(ref identity, addresses["identity"][0]);

    public HttpFaultProxy Proxy { get; }

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        // The gateway reaches identity by this one list, for routing and for its own lookups alike.
        ["Gateway__Services__identity"] = Proxy.Url.ToString().TrimEnd('/'),
        ["SikkerKey__InternalCallTimeout"] = "00:10:00",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

/// <summary>
/// A signed request's signature check is a lookup on every request's path: when identity stops answering, the
/// gateway answers 503 after its own short limit, not after the long one a queued call between services may need,
/// so a hung identity does not hold every machine's request (the test client gives up after 100 s; the long limit
/// is 10 minutes).
/// </summary>
public sealed class IdentityStallTests(StallingIdentityFixture fixture) : IClassFixture<StallingIdentityFixture>
{
    [Fact]
    public async Task A_signature_check_identity_never_answers_is_a_503_well_before_the_client_gives_up()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await CreateProjectAsync(owner);
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        fixture.Proxy.Hang = (method, path, _) => method == "POST" && path == "/internal/machines/verify";
        try
        {
            using var client = fixture.System.CreateClient();
            using var response = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, "/v1/secret/sk_0000000000"), Http.Ct);
            Assert.Contains("try again", await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
            Assert.True(fixture.Proxy.Hung > 0, "the signature check never reached the stalled identity");
        }
        finally
        {
            fixture.Proxy.Hang = (_, _, _) => false;
        }

        // Identity answering again, the same machine reads (a 404 for a secret that does not exist: it got past the check).
        using var again = fixture.System.CreateClient();
        using var after = await again.SendAsync(machine.SignedRequest(HttpMethod.Get, "/v1/secret/sk_0000000000"), Http.Ct);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private static async Task<string> CreateProjectAsync(UserSession owner) =>
        (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "stall" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
