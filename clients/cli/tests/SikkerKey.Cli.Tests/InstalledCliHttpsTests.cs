using SikkerKey.Cli.Tests.Support;
using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// The installed CLI as in a container on another host: its bundle's apiUrl is the gateway's HTTPS address at this
/// machine's non-loopback address, certified by a CA of the test's own, which the container trusts only through
/// <c>SSL_CERT_FILE</c> naming ca.pem beside the bundle.
/// </summary>
[Collection(InstalledCliCollection.Name)]
public sealed class InstalledCliHttpsTests(TlsSystemFixture fixture, InstalledCli cli) : IClassFixture<TlsSystemFixture>
{
    // The host's own CA settings (some set them all to the system bundle) are not the container's.
    private static readonly string[] CaVariables = ["SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"];

    [Fact]
    public async Task Reads_a_secret_over_HTTPS_trusting_the_CA_in_SSL_CERT_FILE()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("production");
        var database = await owner.CreateSecretAsync(project, "database-url", "postgres://app@db/prod");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);
        var ca = Path.Combine(container.Mount, "ca.pem");
        File.Copy(fixture.Certificates.CaFile, ca);

        var trusting = await RunAsync(container, ca, "get", database);
        var untrusting = await RunAsync(container, null, "get", database);

        Assert.True(trusting.ExitCode == 0, trusting.ToString());
        Assert.Equal("postgres://app@db/prod", trusting.Out.TrimEnd('\n'));
        Assert.Equal(1, untrusting.ExitCode);
        Assert.Equal("", untrusting.Out);
        var line = Assert.Single(untrusting.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sikkerkey: TLS error: cannot verify the certificate of SikkerKey at {fixture.HttpsUrl.GetLeftPart(UriPartial.Authority)} (", line, StringComparison.Ordinal);
        Assert.Contains("set SSL_CERT_FILE", line, StringComparison.Ordinal);
    }

    private Task<CliResult> RunAsync(ProvisionedContainer container, string? caFile, params string[] args)
    {
        var environment = new Dictionary<string, string?>(container.Environment);
        foreach (var variable in CaVariables)
            environment[variable] = null;
        if (caFile is not null)
            environment["SSL_CERT_FILE"] = caFile;
        return OwnProcess.RunAsync(environment, cli.Executable, args);
    }
}
