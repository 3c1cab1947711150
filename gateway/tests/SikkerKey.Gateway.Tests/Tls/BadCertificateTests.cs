using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Tls;

/// <summary>
/// A certificate the gateway cannot serve stops it before it listens: exit code 2 and one critical line naming the
/// file and what is wrong, no stack trace.
/// </summary>
public sealed class BadCertificateTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "missing", "does not exist" },
        { "not PEM", "holds no PEM certificate" },
        { "a folder", "is a folder" },
        { "expired", "the certificate expired on" },
        { "key of another certificate", "does not hold the private key of the certificate" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_gateway_refuses_to_start_with_one_line_naming_the_file(string problem, string message)
    {
        using var certificates = new TestCertificates();
        var certificateFile = certificates.CertificateFile;
        var keyFile = certificates.KeyFile;
        var named = certificateFile;
        switch (problem)
        {
            case "missing":
                certificateFile = Path.Combine(certificates.Folder, "renewed.pem");
                named = certificateFile;
                break;
            case "not PEM":
                await File.WriteAllBytesAsync(certificateFile, [0x30, 0x82, 0x01, 0x0a, 0x02], Http.Ct);
                break;
            case "a folder":
                certificateFile = certificates.Folder;
                named = certificateFile;
                break;
            case "expired":
                using (certificates.Issue(certificateFile, keyFile, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1))) { }
                break;
            case "key of another certificate":
                keyFile = Path.Combine(certificates.Folder, "other.key");
                using (certificates.Issue(Path.Combine(certificates.Folder, "other.pem"), keyFile)) { }
                named = keyFile;
                break;
        }
        var tls = new Dictionary<string, string>
        {
            ["SIKKERKEY_TLS_CERT_FILE"] = certificateFile,
            ["SIKKERKEY_TLS_KEY_FILE"] = keyFile,
            ["SIKKERKEY_HTTPS_PORT"] = TlsSystemFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var (exitCode, output) = await ServiceProcess.RunCommandAsync(SikkerKeySystem.AssemblyOf("gateway"),
            StandaloneGateway.Environment(TlsSystemFixture.FreePort(), tls));

        Assert.Equal(2, exitCode);
        var critical = Assert.Single(output.Split('\n'), line => line.Contains("crit:", StringComparison.Ordinal));
        Assert.Contains(named, critical, StringComparison.Ordinal);
        Assert.Contains(message, critical, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
    }
}
