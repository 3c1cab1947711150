using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>Two identity replicas on one database.</summary>
public sealed class TwoIdentityReplicasFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, int>? Replicas => new Dictionary<string, int> { ["identity"] = 2 };
}

/// <summary>
/// What the verify hop promises whichever replica answers (issue 15 must not change it): a nonce is accepted once
/// per machine across all replicas, and a disable acts on the very next request on every replica.
/// </summary>
public sealed class ReplicaNonceTests(TwoIdentityReplicasFixture fixture) : IClassFixture<TwoIdentityReplicasFixture>
{
    private const string ReadPath = "/v1/secrets";
    private static readonly string EmptyBodySha256 = Convert.ToHexStringLower(SHA256.HashData([]));

    [Fact]
    public async Task A_nonce_accepted_by_one_replica_is_refused_by_the_other()
    {
        var (_, machine) = await MachineAsync();
        var signed = machine.Signer.Sign("GET", ReadPath, []).ToHeaders().ToDictionary(h => h.Key, h => h.Value);
        var replicas = fixture.System.Replicas("identity");
        Assert.Equal(2, replicas.Count);

        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(replicas[0].Url, signed));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(replicas[1].Url, signed));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(replicas[0].Url, signed));
    }

    [Fact]
    public async Task The_same_nonce_sent_to_both_replicas_at_once_is_accepted_exactly_once()
    {
        var (_, machine) = await MachineAsync();
        var replicas = fixture.System.Replicas("identity");
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var signed = machine.Signer.Sign("GET", ReadPath, []).ToHeaders().ToDictionary(h => h.Key, h => h.Value);
            var answers = await Task.WhenAll(replicas.Select(r => VerifyAsync(r.Url, signed)));
            Assert.Equal(1, answers.Count(a => a == HttpStatusCode.OK));
            Assert.Equal(1, answers.Count(a => a == HttpStatusCode.Unauthorized));
        }
    }

    [Fact]
    public async Task A_disable_acts_on_the_next_request_on_every_replica()
    {
        var (owner, machine) = await MachineAsync();
        var replicas = fixture.System.Replicas("identity");
        foreach (var replica in replicas)
            Assert.Equal(HttpStatusCode.OK, await VerifyAsync(replica.Url, Fresh(machine)));

        await (await owner.Client.PostAsync($"/api/machines/{machine.Id}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        foreach (var replica in replicas)
            Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(replica.Url, Fresh(machine)));
    }

    internal static Dictionary<string, string> Fresh(TestMachine machine) =>
        machine.Signer.Sign("GET", ReadPath, []).ToHeaders().ToDictionary(h => h.Key, h => h.Value);

    private Task<(UserSession Owner, TestMachine Machine)> MachineAsync() => MachineAsync(fixture.System);

    internal static async Task<(UserSession Owner, TestMachine Machine)> MachineAsync(SikkerKeySystem system)
    {
        var owner = await UserSession.SignUpAsync(system);
        var project = await TeamTests.CreateProjectAsync(owner, "p-" + Guid.NewGuid().ToString("N")[..8]);
        return (owner, await TestMachine.RegisterAsync(system, owner, [project]));
    }

    /// <summary>What the gateway sends a replica for a signed read, with the gateway's own principal.</summary>
    private Task<HttpStatusCode> VerifyAsync(Uri replica, Dictionary<string, string> headers) => VerifyAsync(fixture.System, replica, headers);

    internal static async Task<HttpStatusCode> VerifyAsync(SikkerKeySystem system, Uri replica, Dictionary<string, string> headers)
    {
        var url = new Uri(replica, "/internal/machines/verify");
        var principals = new PrincipalHeader(Options.Create(new InternalKeyOptions { InternalKey = system.InternalKey }), TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add(PrincipalHeader.Name, principals.Sign(Principal.ServiceNamed("gateway"), "POST", url.AbsolutePath));
        request.Content = JsonContent.Create(new { method = "GET", path = ReadPath, hasQueryString = false, headers, bodySha256 = EmptyBodySha256, sourceIp = "127.0.0.1" },
            options: System.Text.Json.JsonSerializerOptions.Web);
        using var client = new HttpClient();
        using var response = await client.SendAsync(request, Http.Ct);
        return response.StatusCode;
    }
}
