using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Tls;

/// <summary>A gateway serving HTTPS with certificates from a CA of the fixture's own.</summary>
public sealed class HttpsFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = new();

    public int HttpPort { get; } = TlsSystemFixture.FreePort();

    public int HttpsPort { get; } = TlsSystemFixture.FreePort();

    internal ServiceProcess Gateway { get; private set; } = null!;

    public Uri Https(string path) => new($"https://{Certificates.Host}:{HttpsPort}{path}");

    public Uri Http(string host, string path) => new($"http://{host}:{HttpPort}{path}");

    public async ValueTask InitializeAsync() => Gateway = await StandaloneGateway.StartAsync(HttpPort, Certificates.GatewayEnvironment(HttpsPort));

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
            await Gateway.DisposeAsync();
        Certificates.Dispose();
    }
}
