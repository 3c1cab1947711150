using System.ComponentModel.DataAnnotations;
using System.Net;
using SikkerKey.Provisioning.Provisioning;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>A system whose bundles wait ten seconds for their download instead of fifteen minutes.</summary>
public sealed class ShortWindowFixture : SystemFixture
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__BundleDownloadWindow"] = Window.ToString(),
    };
}

/// <summary>
/// The download endpoint itself refuses a bundle past its window, whether or not the sweeper has been by; the
/// sweeper, running in the real process, records the expiry once, and the machine, which never got a key, shows
/// as expired and stays keyless.
/// </summary>
public sealed class BundleExpiryTests(ShortWindowFixture fixture) : IClassFixture<ShortWindowFixture>
{
    [Fact]
    public async Task A_bundle_past_its_window_is_refused_and_its_machine_can_never_authenticate()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "web" });
        await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true }))
            .AssertOkAsync(HttpStatusCode.Created);
        var url = provisioned.GetProperty("downloadUrl").GetString()!;
        var expiresAt = provisioned.GetProperty("expiresAt").GetDateTimeOffset();
        var provisioningId = url.Split('/')[^2];
        var machine = provisioned.GetProperty("machineId").GetGuid();
        Assert.True(expiresAt <= DateTimeOffset.UtcNow + ShortWindowFixture.Window, $"expires at {expiresAt:O}, beyond the configured window");
        // Before the download no keypair exists at all: the server holds no public key, let alone a private one.
        Assert.Equal("", await PublicKeyOfAsync(machine));

        // The services read the same clock as this test: one machine.
        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, Http.Ct);
        var refused = await (await owner.Client.GetAsync(url, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone);
        Assert.Contains("expired", refused, StringComparison.Ordinal);

        await Eventually.MatchAsync(async () => (await (await owner.Client.GetAsync($"/api/machines/{machine}", Http.Ct)).AssertOkAsync()).GetProperty("status").GetString(),
            status => status == "expired", TimeSpan.FromSeconds(90), "the machine shown as expired");
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM provisioning.mt_events WHERE stream_id = @id AND type = 'bundle_expired'", provisioningId));
        Assert.Contains("expired", await (await owner.Client.GetAsync(url, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone), StringComparison.Ordinal);
        Assert.Equal("", await PublicKeyOfAsync(machine));
        Assert.Contains("expired", await (await owner.Client.PostAsync($"/api/machines/{machine}/enable", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.Conflict),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:01", true)]
    [InlineData("00:15:00", true)]
    [InlineData("00:15:01", false)]
    public void An_operator_may_shorten_the_download_window_but_not_lengthen_it(string window, bool valid)
    {
        var options = new ProvisioningOptions { BundleDownloadWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) };
        var results = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
    }

    private async Task<string> PublicKeyOfAsync(Guid machineId)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT data->>'PublicKey' FROM identity.mt_doc_machine WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", machineId.ToString());
        return (string)(await command.ExecuteScalarAsync(Http.Ct))!;
    }

    private async Task<long> CountAsync(string sql, object id)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
    }
}
