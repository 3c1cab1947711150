using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Tls;

/// <summary>
/// With SIKKERKEY_TLS_CERT_FILE and SIKKERKEY_TLS_KEY_FILE set, the gateway answers HTTPS (HTTP/1.1 and HTTP/2) at a
/// non-loopback address to a client trusting only its CA, with HSTS; plain HTTP from the network goes to HTTPS.
/// </summary>
public sealed class HttpsTests(HttpsFixture fixture) : IClassFixture<HttpsFixture>
{
    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task HTTPS_is_served_over_the_version_asked_for_with_HSTS(string version)
    {
        using var client = fixture.Certificates.TrustingClient(Version.Parse(version));

        using var response = await client.GetAsync(fixture.Https("/health/live"), Http.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Plain_HTTP_from_the_network_is_redirected_to_the_same_path_over_HTTPS_keeping_the_method()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await client.PostAsync(fixture.Http(fixture.Certificates.Host, "/api/auth/login?next=%2Fprojects"), null, Http.Ct);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(fixture.Https("/api/auth/login?next=%2Fprojects"), response.Headers.Location);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS sent over plain HTTP, where it means nothing");
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8443")]
    [InlineData("192.0.2.250")]
    public async Task The_redirect_goes_only_to_a_name_of_the_certificate_never_to_the_Host_a_client_sent(string host)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Http(fixture.Certificates.Host, "/api/auth/login"));
        request.Headers.Host = host;

        using var response = await client.SendAsync(request, Http.Ct);

        Assert.Equal("use HTTPS at a name in the gateway's certificate; this Host is not one of them", await response.AssertErrorAsync(HttpStatusCode.BadRequest));
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Health_probes_and_requests_from_loopback_are_still_answered_over_plain_HTTP()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var probe = await client.GetAsync(fixture.Http(fixture.Certificates.Host, "/health/live"), Http.Ct);
        using var local = await client.GetAsync(fixture.Http("127.0.0.1", "/api/no-such-route"), Http.Ct);

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Contains("no such API route", await local.AssertErrorAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_learns_that_the_certificate_comes_from_a_private_CA()
    {
        using var client = fixture.Certificates.TrustingClient();

        using var response = await client.GetAsync(fixture.Https("/api/tls"), Http.Ct);

        var status = await response.AssertOkAsync();
        Assert.True(status.GetProperty("https").GetBoolean());
        Assert.True(status.GetProperty("privateCa").GetBoolean());
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_to_new_connections_without_a_restart()
    {
        using var before = await fixture.Certificates.PresentedAsync(fixture.HttpsPort, Http.Ct);

        using var renewed = fixture.Certificates.Issue(fixture.Certificates.CertificateFile, fixture.Certificates.KeyFile);

        await Eventually.MatchAsync(async () =>
        {
            using var presented = await fixture.Certificates.PresentedAsync(fixture.HttpsPort, Http.Ct);
            return presented.SerialNumber;
        }, serial => serial == renewed.SerialNumber, TimeSpan.FromSeconds(30), "the renewed certificate on a new connection");
        Assert.NotEqual(before.SerialNumber, renewed.SerialNumber);
        Assert.False(fixture.Gateway.HasExited);
        using var client = fixture.Certificates.TrustingClient();
        using var response = await client.GetAsync(fixture.Https("/health/live"), Http.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
