using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SikkerKey.Tls;

namespace SikkerKey.Testing;

/// <summary>
/// A local CA and a gateway certificate in a folder of their own, as <c>build/run --tls</c> makes them: for this
/// machine's first non-loopback address (so a client reaches the gateway as a container on another host would), and
/// localhost.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 root;

    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("sikkerkey-tls-").FullName;
        var address = LocalCertificateAuthority.NonLoopbackAddresses().FirstOrDefault()
            ?? throw new InvalidOperationException("this machine has no non-loopback address to serve HTTPS on");
        Host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        root = LocalCertificateAuthority.CreateRoot("SikkerKey test CA", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(2));
        LocalCertificateAuthority.WritePem(root, CaFile, keyFile: null);
        Issue(CertificateFile, KeyFile);
    }

    public string Folder { get; }

    /// <summary>The address clients use: a URL's host part (IPv6 in brackets), never a loopback one.</summary>
    public string Host { get; }

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string CertificateFile => Path.Combine(Folder, "gateway.pem");

    public string KeyFile => Path.Combine(Folder, "gateway.key");

    /// <summary>The gateway's configuration for these files.</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment(int httpsPort) => new Dictionary<string, string>
    {
        ["SIKKERKEY_TLS_CERT_FILE"] = CertificateFile,
        ["SIKKERKEY_TLS_KEY_FILE"] = KeyFile,
        ["SIKKERKEY_HTTPS_PORT"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Issues a new certificate for the same names into the given files (the gateway's own to renew it).</summary>
    public X509Certificate2 Issue(string certificateFile, string keyFile, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var certificate = LocalCertificateAuthority.IssueServer(root, [Host.Trim('[', ']'), "localhost"],
            notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), notAfter ?? DateTimeOffset.UtcNow.AddDays(1));
        LocalCertificateAuthority.WritePem(certificate, certificateFile, keyFile);
        return certificate;
    }

    /// <summary>A client that trusts this CA only, as a container given <c>SSL_CERT_FILE</c> would.</summary>
    public HttpClient TrustingClient(Version? version = null)
    {
        var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = TrustThisCaOnly() } };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100), DefaultRequestVersion = version ?? HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    /// <summary>The certificate the gateway presents on a new TLS handshake at <see cref="Host"/>.</summary>
    public async Task<X509Certificate2> PresentedAsync(int port, CancellationToken ct)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Parse(Host.Trim('[', ']')), port, ct);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Host.Trim('[', ']'), CertificateChainPolicy = TrustThisCaOnly() }, ct);
        return new X509Certificate2(tls.RemoteCertificate!);
    }

    private X509ChainPolicy TrustThisCaOnly()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.ImportFromPemFile(CaFile);
        return policy;
    }

    public void Dispose()
    {
        root.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
