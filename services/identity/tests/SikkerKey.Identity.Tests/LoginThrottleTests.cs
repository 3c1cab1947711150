using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>
/// The gateway trusts this test as a proxy in front of it (<c>SikkerKey:TrustedProxies</c>), so each request can come
/// from an address of its own through <c>X-Forwarded-For</c>, as clients behind an ingress do.
/// </summary>
public sealed class ProxiedSystemFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SikkerKey__TrustedProxies"] = "127.0.0.1/32,::1/128",
        ["SikkerKey__LoginThrottle__MaxFailuresPerAccount"] = "5",
        ["SikkerKey__LoginThrottle__MaxFailuresPerIp"] = "12",
        ["SikkerKey__LoginThrottle__AccountDelay"] = "00:00:00.100",
    };
}

/// <summary>PRODUCT.md "Authorization rules": login throttling never lets a stranger lock an owner out.</summary>
public sealed class LoginThrottleTests(ProxiedSystemFixture fixture) : IClassFixture<ProxiedSystemFixture>
{
    [Fact]
    public async Task A_stranger_failing_on_the_owners_account_is_refused_but_the_owner_still_gets_in_from_elsewhere()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var attacker = From("203.0.113.7");
        using var home = From("198.51.100.4");

        for (var i = 0; i < 5; i++)
            await (await attacker.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = $"guess {i}" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        var refused = await attacker.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = "guess 5" });
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        AssertRetryAfter(refused);
        // From the failing address even the right password waits: the pair (account, address) is what failed.
        await (await attacker.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertErrorAsync(HttpStatusCode.TooManyRequests);

        // The owner, from an address that has not been failing, is slowed at most, never refused.
        await (await home.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertOkAsync();
        // A wrong password from there is still only a 401, and the next right one still gets in.
        await (await home.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = "typo" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await home.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertOkAsync();
    }

    [Fact]
    public async Task An_address_failing_across_many_accounts_is_refused_with_retry_after_and_others_are_not()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var sprayer = From("203.0.113.9");
        using var colleague = From("198.51.100.77");

        for (var i = 0; i < 12; i++)
            await (await sprayer.PostJsonAsync("/api/auth/login", new { email = $"victim{i}-{Guid.NewGuid():N}@example.test", password = "Winter2026!" }))
                .AssertErrorAsync(HttpStatusCode.Unauthorized);
        var refused = await sprayer.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password });
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        AssertRetryAfter(refused);

        await (await colleague.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertOkAsync();
    }

    private HttpClient From(string address)
    {
        var client = fixture.System.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.True(delta is { } d && d > TimeSpan.Zero && d <= TimeSpan.FromMinutes(15), $"Retry-After: {response.Headers.RetryAfter}");
    }
}
