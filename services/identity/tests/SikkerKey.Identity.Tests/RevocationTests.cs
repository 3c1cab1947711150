using System.Net;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>Two identity replicas, and a broker of the fixture's own that the test really stops.</summary>
public sealed class ReplicatedFixture : SystemFixture
{
    protected override bool OwnBroker => true;

    protected override IReadOnlyDictionary<string, int>? Replicas => new Dictionary<string, int> { ["identity"] = 2 };

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SIKKERKEY_AUTH_LOCKOUT_FAILURES"] = "1000",
    };
}

/// <summary>
/// Revocation is synchronous: once disable returns, every identity replica refuses the machine, and none
/// of that waits for RabbitMQ. A nonce used on one replica is refused on the other.
/// </summary>
public sealed class RevocationTests(ReplicatedFixture fixture) : IClassFixture<ReplicatedFixture>
{
    private static readonly Principal Gateway = Principal.ServiceNamed("gateway");

    [Fact]
    public async Task A_disabled_machine_is_refused_by_every_replica_while_the_broker_is_down()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "web");
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        foreach (var replica in fixture.System.Replicas("identity"))
            Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(replica.Url, machine)).StatusCode);

        await fixture.Broker!.StopAsync();
        try
        {
            await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

            foreach (var replica in fixture.System.Replicas("identity"))
                await (await VerifyAsync(replica.Url, machine)).AssertErrorAsync(HttpStatusCode.Unauthorized);
            using var client = fixture.System.CreateClient();
            await (await client.SendAsync(machine.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await fixture.Broker.StartAsync();
        }
    }

    [Fact]
    public async Task A_nonce_accepted_by_one_replica_is_refused_by_the_other()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "web");
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        var headers = machine.Signer.Sign("GET", "/v1/secrets", []);
        var replicas = fixture.System.Replicas("identity");

        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(replicas[0].Url, machine, headers)).StatusCode);
        var message = await (await VerifyAsync(replicas[1].Url, machine, headers)).AssertErrorAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("nonce", message, StringComparison.Ordinal);
    }

    /// <summary>Asks one replica directly, as the gateway does, so the test knows which replica answered.</summary>
    private Task<HttpResponseMessage> VerifyAsync(Uri replica, TestMachine machine, SignedHeaders? headers = null)
    {
        headers ??= machine.Signer.Sign("GET", "/v1/secrets", []);
        return TestMachine.SendInternalAsync(fixture.System, replica, HttpMethod.Post, "/internal/machines/verify", Gateway, new
        {
            method = "GET",
            path = "/v1/secrets",
            hasQueryString = false,
            headers = headers.ToHeaders().ToDictionary(h => h.Key, h => h.Value),
            bodySha256 = SignedString.BodyHash([]),
            sourceIp = "127.0.0.1",
        });
    }
}

public sealed class TightLockoutFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SIKKERKEY_AUTH_LOCKOUT_FAILURES"] = "3",
        ["SIKKERKEY_AUTH_LOCKOUT_WINDOW"] = "300",
    };
}

public sealed class LockoutTests(TightLockoutFixture fixture) : IClassFixture<TightLockoutFixture>
{
    [Fact]
    public async Task Repeated_forgeries_for_a_machine_are_throttled_but_its_valid_requests_never_are()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "web");
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        using var client = fixture.System.CreateClient();
        HttpRequestMessage Forged()
        {
            var forged = machine.SignedRequest(HttpMethod.Get, "/v1/secrets");
            forged.Headers.Remove(SigningHeaders.Signature);
            forged.Headers.TryAddWithoutValidation(SigningHeaders.Signature, Convert.ToBase64String(new byte[64]));
            return forged;
        }

        for (var i = 0; i < 3; i++)
        {
            using var forged = Forged();
            await (await client.SendAsync(forged, Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
        using var fourth = Forged();
        using var throttled = await client.SendAsync(fourth, Http.Ct);
        await throttled.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter?.Delta);

        // A signature cannot be guessed, so there is nothing to lock out: the machine's own requests still pass.
        await (await client.SendAsync(machine.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).AssertOkAsync();
        // Users' routes are not signed routes: the dashboard still works from that address.
        await (await owner.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
    }
}
