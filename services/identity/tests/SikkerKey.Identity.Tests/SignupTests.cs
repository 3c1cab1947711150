using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

public sealed class SignupTests(SystemFixture fixture)
{
    [Fact]
    public async Task Signing_up_creates_a_vault_owned_by_the_caller_who_is_signed_in()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);

        var me = await (await owner.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();

        Assert.Equal(owner.UserId, me.GetProperty("userId").GetString());
        Assert.Equal(owner.VaultId, me.GetProperty("vaultId").GetString());
        Assert.Equal("owner", me.GetProperty("role").GetString());
        Assert.StartsWith("vault_", owner.VaultId, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadSignups => new()
    {
        { "{\"email\":", "malformed JSON" },
        { "", "empty body" },
        { "[1,2]", "not an object" },
        { "{\"email\":5,\"password\":\"long enough password\",\"vaultName\":\"v\"}", "wrong type" },
        { "{\"email\":\"{email}\",\"vaultName\":\"v\"}", "missing password" },
        { "{\"email\":\"{email}\",\"password\":\"elevenchars\",\"vaultName\":\"v\"}", "password under 12 characters" },
        { "{\"email\":\"not-an-email\",\"password\":\"long enough password\",\"vaultName\":\"v\"}", "invalid email" },
        { "{\"email\":\"{email}\",\"password\":\"long enough password\"}", "missing vault name" },
        { "{\"email\":\"{email}\",\"password\":\"long enough password\",\"vaultName\":\"" + new string('v', 65) + "\"}", "vault name over 64" },
    };

    [Theory]
    [MemberData(nameof(BadSignups))]
    public async Task Bad_signups_are_400_and_create_nothing(string body, string why)
    {
        var email = $"bad-{Guid.NewGuid():N}@example.test";
        using var client = fixture.System.CreateClient();

        var message = await (await client.PostRawAsync("/api/auth/signup", body.Replace("{email}", email, StringComparison.Ordinal))).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        await (await client.PostJsonAsync("/api/auth/login", new { email, password = "long enough password" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.NotNull(why);
    }

    [Fact]
    public async Task An_email_can_hold_only_one_account_whatever_its_case()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var client = fixture.System.CreateClient();

        var message = await (await client.PostJsonAsync("/api/auth/signup",
            new { email = owner.Email.ToUpperInvariant(), password = "another long password", vaultName = "Second" })).AssertErrorAsync(HttpStatusCode.Conflict);

        Assert.Contains("already exists", message, StringComparison.Ordinal);
        await (await client.PostJsonAsync("/api/auth/login", new { email = owner.Email, password = "another long password" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
