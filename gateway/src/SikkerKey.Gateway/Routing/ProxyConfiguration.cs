using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace SikkerKey.Gateway.Routing;

/// <summary>Builds YARP's routes and clusters from <see cref="ServiceRoutes"/> and the configured replicas.</summary>
public static class ProxyConfiguration
{
    public static IReadOnlyList<RouteConfig> Routes() =>
        ServiceRoutes.All.Select((route, index) => new RouteConfig
        {
            RouteId = $"{route.Service}-{index}",
            ClusterId = route.Service,
            Match = new RouteMatch { Path = route.Path },
            Transforms =
            [
                // Set, not Append: whatever X-Forwarded-* a client sent is replaced by what the gateway saw.
                new Dictionary<string, string> { ["X-Forwarded"] = "Set", ["For"] = "Set", ["Proto"] = "Set", ["Host"] = "Set", ["Prefix"] = "Off" },
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "Forwarded" },
            ],
        }).ToList();

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options) =>
        ServiceRoutes.ServiceNames.Select(service => new ClusterConfig
        {
            ClusterId = service,
            LoadBalancingPolicy = "RoundRobin",
            Destinations = ReplicasOf(options, service)
                .Select((url, index) => (url, index))
                .ToDictionary(d => $"{service}-{d.index}", d => new DestinationConfig { Address = d.url }),
            HealthCheck = new HealthCheckConfig
            {
                // A replica that stops answering /health/ready leaves the rotation until it answers again.
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(5),
                    Timeout = TimeSpan.FromSeconds(2),
                    Path = "/health/ready",
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                },
                // A replica whose connections fail under traffic leaves the rotation at once, without waiting for the
                // probes; it is tried again after ReactivationPeriod (and stays out while the probes still fail).
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = TimeSpan.FromSeconds(10),
                },
            },
        }).ToList();

    public static IReadOnlyList<string> ReplicasOf(GatewayOptions options, string service) =>
        options.Services.TryGetValue(service, out var urls)
            ? urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}
