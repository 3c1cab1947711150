using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

public sealed class LoginTests(SystemFixture fixture)
{
    [Fact]
    public async Task Login_gives_a_token_that_expires_and_a_logout_ends_it_at_once()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var client = fixture.System.CreateClient();

        var login = await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertOkAsync();
        var token = login.GetProperty("token").GetString()!;
        Assert.True(login.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(1));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await (await client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
        await (await client.PostAsync("/api/auth/logout", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/me", Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        // The other session of the same user is untouched.
        await (await owner.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var client = fixture.System.CreateClient();

        var wrong = await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = "not the password" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await client.PostJsonAsync("/api/auth/login", new { email = "nobody-" + owner.Email, password = "not the password" })).AssertErrorAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong, unknown);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var client = fixture.System.CreateClient();

        for (var i = 0; i < 5; i++)
            await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = $"guess number {i}" })).AssertErrorAsync(HttpStatusCode.Unauthorized);

        await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertErrorAsync(HttpStatusCode.TooManyRequests);
        // Other accounts from the same address are not affected.
        using var other = await UserSession.SignUpAsync(fixture.System);
        await (await client.PostJsonAsync("/api/auth/login", new { email = other.Email, password = other.Password })).AssertOkAsync();
    }

    [Fact]
    public async Task A_cookie_session_needs_the_csrf_header_to_change_anything()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = fixture.System.Gateway.Url };

        await (await browser.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password })).AssertOkAsync();
        var csrf = handler.CookieContainer.GetCookies(browser.BaseAddress!)["sikkerkey_csrf"]!.Value;
        Assert.True(handler.CookieContainer.GetCookies(browser.BaseAddress!)["sikkerkey_session"]!.HttpOnly);

        await (await browser.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
        await (await browser.PostJsonAsync("/api/projects", new { name = "from-browser" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = JsonContent(new { name = "from-browser" }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        await (await browser.SendAsync(request, Http.Ct)).AssertOkAsync(HttpStatusCode.Created);
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
