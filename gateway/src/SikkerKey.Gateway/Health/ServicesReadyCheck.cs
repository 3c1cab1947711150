using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SikkerKey.Gateway.Routing;

namespace SikkerKey.Gateway.Health;

/// <summary>
/// The gateway is ready only when every service behind it has at least one ready replica:
/// it asks each replica's <c>/health/ready</c> directly, at the time of the check.
/// </summary>
internal sealed class ServicesReadyCheck(IHttpClientFactory clients, IOptions<GatewayOptions> options) : IHealthCheck
{
    public const string ClientName = "health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(ServiceRoutes.ServiceNames.Select(async service =>
            (service, ready: await AnyReplicaReadyAsync(service, cancellationToken))));
        var notReady = results.Where(r => !r.ready).Select(r => r.service).ToList();
        return notReady.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("not ready: " + string.Join(", ", notReady));
    }

    private async Task<bool> AnyReplicaReadyAsync(string service, CancellationToken cancellationToken)
    {
        var checks = ProxyConfiguration.ReplicasOf(options.Value, service).Select(url => IsReadyAsync(url, cancellationToken));
        return (await Task.WhenAll(checks)).Any(ready => ready);
    }

    private async Task<bool> IsReadyAsync(string baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .GetAsync(new Uri(new Uri(baseUrl), "/health/ready"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
