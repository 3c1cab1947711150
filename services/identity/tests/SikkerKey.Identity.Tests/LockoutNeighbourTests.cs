using System.Net;
using Npgsql;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>Two identity replicas with the product's default lockout (50 refusals in 5 minutes): the counts must be shared.</summary>
public sealed class SharedAddressFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, int>? Replicas => new Dictionary<string, int> { ["identity"] = 2 };
}

/// <summary>
/// Every test connects from 127.0.0.1, as the containers of one Docker host reach the server from its address: one
/// container that keeps failing is throttled itself, never its neighbours.
/// </summary>
public sealed class LockoutNeighbourTests(SharedAddressFixture fixture) : IClassFixture<SharedAddressFixture>
{
    private const int Limit = 50;
    private const int Attempts = 60;

    public static TheoryData<string> Failures => new() { "revoked", "disabled", "clock 15 minutes behind", "bad signatures" };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_machine_is_throttled_itself_while_its_neighbour_on_the_same_address_keeps_reading(string failure)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "fleet");
        using var healthy = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        using var failing = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        using var client = fixture.System.CreateClient();
        if (failure is "revoked" or "disabled")
            await (await owner.Client.PostAsync($"/api/machines/{failing.Id}/{failure[..^1]}", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Attempts; i++)
            answers.Add(await client.SendAsync(Failing(failing, failure), Http.Ct));

        AssertThrottledAfterLimit(answers);
        await (await client.SendAsync(healthy.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).AssertOkAsync();
        // Throttled, not banned: the same machine's valid request is never refused for its earlier failures.
        if (failure is "clock 15 minutes behind" or "bad signatures")
            await (await client.SendAsync(failing.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).AssertOkAsync();
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Requests_naming_no_known_machine_are_throttled_per_address_and_known_machines_still_read()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "fleet");
        using var healthy = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        using var client = fixture.System.CreateClient();
        using var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Attempts; i++)
        {
            using var stranger = new RequestSigner(Guid.NewGuid(), key);
            answers.Add(await client.SendAsync(TestMachine.SignedRequest(stranger, HttpMethod.Get, "/v1/secrets"), Http.Ct));
        }

        AssertThrottledAfterLimit(answers);
        using var malformed = new HttpRequestMessage(HttpMethod.Get, "/v1/secrets");
        var unsigned = await client.SendAsync(malformed, Http.Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, unsigned.StatusCode);
        Assert.NotNull(unsigned.Headers.RetryAfter?.Delta);
        await (await client.SendAsync(healthy.SignedRequest(HttpMethod.Get, "/v1/secrets"), Http.Ct)).AssertOkAsync();
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Concurrent_forgeries_over_both_replicas_get_exactly_the_limit_of_audited_refusals_and_the_rest_429_reported_as_a_count()
    {
        var (_, machine) = await ReplicaNonceTests.MachineAsync(fixture.System);
        var replicas = fixture.System.Replicas("identity");
        const int forged = 70;
        var forgeries = Enumerable.Range(0, forged).Select(_ =>
        {
            var headers = ReplicaNonceTests.Fresh(machine);
            headers[SigningHeaders.Signature] = Convert.ToBase64String(new byte[64]);
            return headers;
        }).ToList();

        var answers = await Task.WhenAll(forgeries.Select((h, i) => ReplicaNonceTests.VerifyAsync(fixture.System, replicas[i % 2].Url, h)));

        Assert.Equal((Limit, forged - Limit), (answers.Count(a => a == HttpStatusCode.Unauthorized), answers.Count(a => a == HttpStatusCode.TooManyRequests)));
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM identity.mt_events WHERE type = 'machine_auth_failed' AND data->>'MachineId' = @machine", connection);
        command.Parameters.AddWithValue("machine", machine.Id.ToString());
        Assert.Equal(Limit, (long)(await command.ExecuteScalarAsync(Http.Ct))!);
        // The 429s are audited too, as counts: whichever replica's sweep (or this one) reports them, all of them, once.
        await LockoutCountingTests.ReportNowAsync(fixture.Infrastructure.Postgres);
        Assert.Equal(forged - Limit, (await LockoutCountingTests.ReportedAsync(fixture.Infrastructure.Postgres, machine.Id)).Sum(r => r.Refused));
    }

    /// <summary>The first <see cref="Limit"/> refusals say why (401), the rest are 429 with when to come back.</summary>
    private static void AssertThrottledAfterLimit(List<HttpResponseMessage> answers)
    {
        Assert.All(answers.Take(Limit), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.All(answers.Skip(Limit), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode);
            var retryAfter = a.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        });
    }

    private static HttpRequestMessage Failing(TestMachine machine, string failure)
    {
        const string path = "/v1/secrets";
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (failure == "clock 15 minutes behind" ? 900 : 0);
        foreach (var (name, value) in machine.Signer.Sign("GET", path, [], timestamp, RequestSigner.NewNonce()).ToHeaders())
            request.Headers.TryAddWithoutValidation(name, value);
        if (failure == "bad signatures")
        {
            request.Headers.Remove(SigningHeaders.Signature);
            request.Headers.TryAddWithoutValidation(SigningHeaders.Signature, Convert.ToBase64String(new byte[64]));
        }
        return request;
    }
}
