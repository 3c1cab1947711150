using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>The system with a metrics token and the gateway's management port on a free port of its own.</summary>
public sealed class MetricsFixture : SystemFixture
{
    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public int ManagementPort { get; } = FreePort();

    public Uri Management => new($"http://127.0.0.1:{ManagementPort}/");

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Metrics__Token"] = Token,
        ["SIKKERKEY_METRICS_PORT"] = ManagementPort.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Where each process serves <c>/metrics</c>: the services on their own port, the gateway on its management port.</summary>
    public IEnumerable<(string Name, Uri Url)> Targets =>
        System.Processes.Select(p => (p.Name, p.Name == "gateway" ? Management : p.Url));

    public async Task<Dictionary<string, Scrape>> ScrapeAllAsync()
    {
        var scrapes = new Dictionary<string, Scrape>();
        foreach (var (name, url) in Targets)
            scrapes[name] = await Scrape.FromAsync(url, Token);
        return scrapes;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
