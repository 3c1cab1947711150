using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SikkerKey.ServiceDefaults;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Observability;

/// <summary>
/// A service told <c>SikkerKey:Metrics:Port</c> (every pod of deploy/kubernetes is) serves <c>/metrics</c> there and
/// only there, and nothing else on that port; without it, on its own port. The same pipeline every service runs.
/// </summary>
public sealed class MetricsPortTests
{
    private readonly string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    [Fact]
    public async Task With_a_metrics_port_a_service_serves_metrics_there_alone()
    {
        var (own, metrics) = (FreePort(), FreePort());
        await using var app = await StartServiceAsync(own, $"--SikkerKey:Metrics:Port={metrics}");

        using (var scrape = await GetAsync(metrics, "/metrics", token))
            await AssertScrapedAsync(scrape);
        using (var anonymous = await GetAsync(metrics, "/metrics", null))
            await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using (var ownPort = await GetAsync(own, "/metrics", token))
            await ownPort.AssertErrorAsync(HttpStatusCode.NotFound);
        using (var api = await GetAsync(metrics, "/api/ping", token))
            await api.AssertErrorAsync(HttpStatusCode.NotFound);
        using (var api = await GetAsync(own, "/api/ping", null))
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Without_one_a_service_serves_metrics_on_its_own_port()
    {
        var own = FreePort();
        await using var app = await StartServiceAsync(own);
        using var scrape = await GetAsync(own, "/metrics", token);
        await AssertScrapedAsync(scrape);
    }

    private static async Task AssertScrapedAsync(HttpResponseMessage scrape)
    {
        var text = await scrape.Content.ReadAsStringAsync(Http.Ct);
        Assert.True(scrape.StatusCode == HttpStatusCode.OK, $"{(int)scrape.StatusCode}: {text}");
        Assert.Contains("process_cpu_time_seconds_total", text, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartServiceAsync(int port, params string[] args)
    {
        var builder = WebApplication.CreateBuilder([$"--urls=http://127.0.0.1:{port}", $"--SikkerKey:Metrics:Token={token}", .. args]);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        app.MapGet("/api/ping", () => Results.Ok());
        await app.StartAsync(Http.Ct);
        return app;
    }

    private static async Task<HttpResponseMessage> GetAsync(int port, string path, string? bearer)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}");
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request, Http.Ct);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
