using SikkerKey.Testing;
using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>
/// Every Deployment's pods serve <c>/metrics</c> on a port of their own, to the token of the sikkerkey-metrics Secret,
/// and are scraped there: a service added later cannot go unwatched, and the scraper never reaches an API port.
/// </summary>
public sealed class MetricsScrapingTests
{
    private const string MetricsSecret = "sikkerkey-metrics";

    private static YamlMappingNode PodMonitor { get; } =
        Manifests.Load(RepositoryRoot.Combine("deploy", "observability", "kubernetes", "podmonitor.yaml")).Single();

    [Fact]
    public void Every_container_serves_metrics_on_a_port_of_its_own_with_the_token_from_its_secret()
    {
        foreach (var (deployment, container) in DeploymentInvariantTests.Containers())
        {
            var where = $"{deployment} container {container.Text("name")}";
            var port = MetricsPort(container) ?? throw new Xunit.Sdk.XunitException($"{where}: no container port named metrics");
            Assert.NotEqual(container.Items("ports").Single(p => p.Text("name") == "http").Text("containerPort"), port);
            var env = container.Items("env").Where(e => e.Text("value") is not null).ToDictionary(e => e.Text("name")!, e => e.Text("value")!);
            Assert.True(env.GetValueOrDefault("SikkerKey__Metrics__Port") == port, $"{where}: SikkerKey__Metrics__Port is not its metrics port {port}");
            Assert.True(env.TryGetValue("SikkerKey__Metrics__TokenFile", out var tokenFile), $"{where}: no SikkerKey__Metrics__TokenFile");
            Assert.True(TokenFiles(deployment, container).Contains(tokenFile), $"{where}: {tokenFile} is not mounted read-only from {MetricsSecret}");

            var annotations = deployment.Node.Map("spec", "template", "metadata", "annotations");
            Assert.Equal("true", annotations.GetValueOrDefault("prometheus.io/scrape"));
            Assert.Equal(port, annotations.GetValueOrDefault("prometheus.io/port"));
            Assert.Equal("/metrics", annotations.GetValueOrDefault("prometheus.io/path"));
        }
    }

    [Fact]
    public void No_service_or_ingress_exposes_a_metrics_port()
    {
        var metricsPorts = DeploymentInvariantTests.Containers().Select(c => MetricsPort(c.Container)).ToHashSet();
        foreach (var service in Manifests.OfKind("Service"))
            Assert.All(service.Node.Items("spec", "ports"), p =>
                Assert.False(p.Text("targetPort") == "metrics" || metricsPorts.Contains(p.Text("targetPort") ?? p.Text("port")), $"{service} exposes /metrics"));
        Assert.All(Manifests.OfKind("Ingress").SelectMany(i => i.Node.Items("spec", "rules")).SelectMany(r => r.Items("http", "paths")),
            p => Assert.Equal("http", p.Text("backend", "service", "port", "name")));
    }

    [Fact]
    public void The_pod_monitor_scrapes_every_deployment_on_its_metrics_port_with_the_generated_token()
    {
        Assert.Equal(Manifests.Kustomization.Text("namespace"), PodMonitor.Text("metadata", "namespace"));
        var selector = PodMonitor.Map("spec", "selector", "matchLabels");
        var endpoint = Assert.Single(PodMonitor.Items("spec", "podMetricsEndpoints"));
        Assert.Equal(("metrics", "/metrics"), (endpoint.Text("port"), endpoint.Text("path")));
        Assert.Equal((MetricsSecret, "token"), (endpoint.Text("authorization", "credentials", "name"), endpoint.Text("authorization", "credentials", "key")));
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            var labels = deployment.Node.Map("spec", "template", "metadata", "labels");
            Assert.True(selector.Count > 0 && selector.All(s => labels.GetValueOrDefault(s.Key) == s.Value), $"the PodMonitor misses {deployment}");
        }
        var generator = Assert.Single(Manifests.Kustomization.Items("secretGenerator"), g => g.Text("name") == MetricsSecret);
        Assert.Contains(generator.Texts("files"), f => f.StartsWith("token=", StringComparison.Ordinal));
    }

    [Fact]
    public void Scrapers_from_outside_the_namespace_reach_the_metrics_port_and_no_other()
    {
        var policies = Manifests.OfKind("NetworkPolicy").ToList();
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            var labels = deployment.Node.Map("spec", "template", "metadata", "labels");
            var rules = policies.Where(p => p.Node.Map("spec", "podSelector", "matchLabels").All(s => labels.GetValueOrDefault(s.Key) == s.Value))
                .SelectMany(p => p.Node.Items("spec", "ingress")).ToList();
            Assert.True(rules.Any(r => r.Items("from").Any(f => f.At("namespaceSelector") is not null) && NetworkPolicyTests.OnlyMetrics(r)),
                $"{deployment}: no policy admits a scraper from the monitoring namespace to its metrics port");
        }
    }

    private static string? MetricsPort(YamlNode container) =>
        container.Items("ports").SingleOrDefault(p => p.Text("name") == "metrics")?.Text("containerPort");

    /// <summary>Paths in the container of files from the sikkerkey-metrics Secret, on read-only mounts.</summary>
    private static HashSet<string> TokenFiles(Manifest deployment, YamlNode container)
    {
        var volumes = deployment.Node.Items("spec", "template", "spec", "volumes").Where(v => v.Text("secret", "secretName") == MetricsSecret);
        return volumes.SelectMany(v => container.Items("volumeMounts")
                .Where(m => m.Text("name") == v.Text("name") && m.Text("readOnly") == "true")
                .SelectMany(m => v.Items("secret", "items").Select(i => $"{m.Text("mountPath")!.TrimEnd('/')}/{i.Text("path")}")))
            .ToHashSet();
    }
}
