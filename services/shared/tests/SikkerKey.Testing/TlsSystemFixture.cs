using System.Net;
using System.Net.Sockets;

namespace SikkerKey.Testing;

/// <summary>
/// The whole system with HTTPS at the gateway, its public URL (so every bundle's apiUrl) being
/// <c>https://&lt;this machine's non-loopback address&gt;:&lt;port&gt;</c>, certified by a CA of the fixture's own.
/// </summary>
public class TlsSystemFixture : SystemFixture
{
    public TestCertificates Certificates { get; } = new();

    public int HttpsPort { get; } = FreePort();

    public Uri HttpsUrl => new($"https://{Certificates.Host}:{HttpsPort}/");

    protected override IReadOnlyDictionary<string, string> Environment =>
        new Dictionary<string, string>(base.Environment.Concat(Certificates.GatewayEnvironment(HttpsPort)))
        {
            ["SikkerKey__PublicUrl"] = HttpsUrl.ToString().TrimEnd('/'),
        };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Certificates.Dispose();
        GC.SuppressFinalize(this);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
