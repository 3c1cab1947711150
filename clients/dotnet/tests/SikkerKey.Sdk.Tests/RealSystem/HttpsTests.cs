using System.Net;
using System.Text.Json;
using SikkerKey.Testing;
using static SikkerKey.Sdk.Tests.RealSystem.Step;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// Each SDK as in a container on another host: the bundle's apiUrl is the gateway's HTTPS address at this machine's
/// non-loopback address, its certificate from a CA of the test's own, and the container trusts that CA only through
/// the variable its client reads, with ca.pem mounted beside the bundle.
/// </summary>
public sealed class HttpsTests(TlsSystemFixture fixture, SdkSuite sdks) : IClassFixture<TlsSystemFixture>, IClassFixture<SdkSuite>
{
    public static TheoryData<string, string> Trust => new()
    {
        { "dotnet", "SSL_CERT_FILE" },
        { "node", "NODE_EXTRA_CA_CERTS" },
        { "python", "REQUESTS_CA_BUNDLE" },
        { "python", "SSL_CERT_FILE" },
    };

    public static TheoryData<string> Sdks => SdkSuite.Names;

    [Theory]
    [MemberData(nameof(Trust))]
    public async Task Reads_a_secret_over_HTTPS_trusting_the_CA_named_in(string sdk, string variable)
    {
        var (container, secret) = await ProvisionAsync();
        using var _ = container;
        var ca = Path.Combine(container.Folder, "ca.pem");
        File.Copy(fixture.Certificates.CaFile, ca);

        var run = await RunAsync(sdk, container, secret, new Dictionary<string, string> { [variable] = ca });

        Assert.Equal("postgres://app@db/prod", run.Text(0));
    }

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task Without_the_CA_a_read_fails_with_a_TLS_error_naming_the_server(string sdk)
    {
        var (container, secret) = await ProvisionAsync();
        using var _ = container;

        var run = await RunAsync(sdk, container, secret, new Dictionary<string, string>());

        var error = run.Error(0);
        Assert.StartsWith("TLS error: cannot verify the certificate of SikkerKey at " + fixture.HttpsUrl.GetLeftPart(UriPartial.Authority), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("    at ", run.Output, StringComparison.Ordinal);
    }

    private async Task<(ProvisionedContainer Container, string Secret)> ProvisionAsync()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        var secret = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "database-url", value = "postgres://app@db/prod" });
        var container = await ProvisionedContainer.ProvisionAsync(owner, project, secret);
        using var identity = JsonDocument.Parse(await File.ReadAllTextAsync(container.IdentityFile, Http.Ct));
        Assert.Equal(fixture.HttpsUrl.ToString().TrimEnd('/'), identity.RootElement.GetProperty("apiUrl").GetString());
        return (container, secret);
    }

    private async Task<SdkRun> RunAsync(string sdk, ProvisionedContainer container, string secret, IReadOnlyDictionary<string, string> environment)
    {
        var sandbox = Directory.CreateTempSubdirectory("sikkerkey-sdk-run-").FullName;
        try
        {
            return await sdks.All[sdk].RunAsync(container.IdentityFile, Plan.Of(Get(secret)), sandbox, Http.Ct, environment);
        }
        finally
        {
            Directory.Delete(sandbox, recursive: true);
        }
    }

    private static async Task<string> CreateAsync(UserSession user, string path, object body) =>
        (await (await user.Client.PostJsonAsync(path, body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
