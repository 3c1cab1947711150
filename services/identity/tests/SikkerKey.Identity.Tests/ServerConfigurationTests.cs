using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>A server set up the way <c>build/run</c> does: a first admin, sign-up off, a tight per-IP login limit.</summary>
public sealed class ConfiguredSystemFixture : SystemFixture
{
    public const string AdminEmail = "admin@localhost.test";
    public const string AdminPassword = "first admin password";

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SikkerKey__Admin__Email"] = AdminEmail,
        ["SikkerKey__Admin__Password"] = AdminPassword,
        ["SikkerKey__Signup__Enabled"] = "false",
        ["SikkerKey__LoginThrottle__MaxFailuresPerIp"] = "3",
        ["SikkerKey__LoginThrottle__MaxFailuresPerAccount"] = "100",
    };
}

public sealed class ServerConfigurationTests(ConfiguredSystemFixture fixture) : IClassFixture<ConfiguredSystemFixture>
{
    [Fact]
    public async Task The_first_admin_owns_a_vault_and_failures_from_one_address_block_it()
    {
        using var client = fixture.System.CreateClient();
        var login = new { email = ConfiguredSystemFixture.AdminEmail, password = ConfiguredSystemFixture.AdminPassword };
        await (await client.PostJsonAsync("/api/auth/login", login)).AssertOkAsync();

        for (var i = 0; i < 3; i++)
            await (await client.PostJsonAsync("/api/auth/login", new { email = $"stranger{i}@example.test", password = "wrong password" })).AssertErrorAsync(HttpStatusCode.Unauthorized);

        await (await client.PostJsonAsync("/api/auth/login", login)).AssertErrorAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Sign_up_can_be_turned_off()
    {
        using var client = fixture.System.CreateClient();

        var message = await (await client.PostJsonAsync("/api/auth/signup", new { email = "new@example.test", password = "long enough password", vaultName = "v" }))
            .AssertErrorAsync(HttpStatusCode.Forbidden);

        Assert.Contains("disabled", message, StringComparison.Ordinal);
    }
}
