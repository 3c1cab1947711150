using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Testing;
using SikkerKey.Tls;

namespace SikkerKey.Gateway.Tests.Tls;

/// <summary><c>build/run --tls NAME,ADDRESS</c>: a name clients use (not in any DNS here) and this machine's address.</summary>
public sealed class BuildRunTlsFixture : BuildRunFixture
{
    public const string Name = "sikkerkey.test";

    public static string Address { get; } = LocalCertificateAuthority.NonLoopbackAddresses().First().ToString();

    protected override IReadOnlyList<string> Arguments => ["--tls", $"{Name},{Address}"];
}

/// <summary>
/// build/run --tls issues a local CA and a gateway certificate under $SIKKERKEY_DATA/tls, serves HTTPS on
/// SIKKERKEY_HTTPS_PORT at the machine's address, writes https://NAME:PORT into bundles and says how a container
/// trusts the CA.
/// </summary>
public sealed class BuildRunTlsTests(BuildRunTlsFixture run) : IClassFixture<BuildRunTlsFixture>
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Serves_HTTPS_with_its_own_CA_and_writes_the_HTTPS_URL_into_bundles()
    {
        var port = run.Ports["https"];
        var tls = Path.Combine(run.Environment["SIKKERKEY_DATA"], "tls");
        var publicUrl = $"https://{BuildRunTlsFixture.Name}:{port}";
        Assert.Contains($"HTTPS: {publicUrl}", run.Output, StringComparison.Ordinal);
        Assert.Contains("-e SSL_CERT_FILE=/etc/sikkerkey/ca.pem -e NODE_EXTRA_CA_CERTS=/etc/sikkerkey/ca.pem", run.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "gateway.key")));
        Assert.DoesNotContain("PRIVATE KEY", run.Output, StringComparison.Ordinal);

        var trusted = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
        {
            TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
            RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        trusted.CustomTrustStore.ImportFromPemFile(Path.Combine(tls, "ca.pem"));
        using var https = new HttpClient(new SocketsHttpHandler { SslOptions = new() { CertificateChainPolicy = trusted } })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var ready = await https.GetAsync(new Uri($"https://{BuildRunTlsFixture.Address}:{port}/health/ready"), Http.Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // Signing in over HTTPS sets Secure session cookies (identity learns the scheme from the gateway's signed
        // principal); over plain HTTP from this machine they cannot be Secure, or the browser would never send them back.
        using (var overHttps = await https.PostAsJsonAsync(new Uri($"https://{BuildRunTlsFixture.Address}:{port}/api/auth/login"),
            new { email = "admin@localhost", password = run.AdminPassword }, Http.Ct))
        {
            await overHttps.AssertOkAsync();
            var cookies = overHttps.Headers.GetValues("Set-Cookie").ToList();
            Assert.Equal(2, cookies.Count);
            Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        }

        using var admin = new HttpClient { BaseAddress = run.Url };
        using var plain = await admin.PostAsJsonAsync("/api/auth/login", new { email = "admin@localhost", password = run.AdminPassword }, Http.Ct);
        Assert.All(plain.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        var login = await plain.AssertOkAsync();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("token").GetString());
        var project = (await (await admin.PostJsonAsync("/api/projects", new { name = "web" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var secret = (await (await admin.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "db", value = "x" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var provisioned = await (await admin.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { secret } })).AssertOkAsync(HttpStatusCode.Created);
        using var bundle = await admin.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        using var zip = new System.IO.Compression.ZipArchive(await bundle.Content.ReadAsStreamAsync(Http.Ct));
        using var identity = await JsonDocument.ParseAsync(await zip.GetEntry("identity.json")!.OpenAsync(Http.Ct), cancellationToken: Http.Ct);
        Assert.Equal(publicUrl, identity.RootElement.GetProperty("apiUrl").GetString());
    }
}
