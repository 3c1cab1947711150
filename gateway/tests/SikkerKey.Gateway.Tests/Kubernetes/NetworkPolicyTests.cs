using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>Only the gateway takes traffic from outside the namespace; the services only from SikkerKey's own pods.</summary>
public sealed class NetworkPolicyTests
{
    private static readonly IReadOnlyList<Manifest> Policies = Manifests.OfKind("NetworkPolicy").ToList();

    [Fact]
    public void Ingress_is_denied_by_default_to_every_pod()
    {
        Assert.Contains(Policies, p => p.Node.Map("spec", "podSelector").Count == 0 && p.Node.At("spec", "podSelector", "matchExpressions") is null
            && p.Node.Texts("spec", "policyTypes").Contains("Ingress") && p.Node.Items("spec", "ingress").Count == 0);
    }

    [Fact]
    public void Services_take_traffic_only_from_sikkerkey_pods_and_only_the_gateway_from_anywhere()
    {
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            var labels = deployment.Node.Map("spec", "template", "metadata", "labels");
            var rules = Policies.Where(p => p.Node.Map("spec", "podSelector", "matchLabels").All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value))
                .SelectMany(p => p.Node.Items("spec", "ingress"))
                // A Prometheus from another namespace may reach the port serving /metrics alone (MetricsScrapingTests).
                .Where(r => !OnlyMetrics(r)).ToList();
            Assert.True(rules.Count > 0, $"{deployment}: no policy admits any traffic, it cannot serve");
            // A rule without `from`, or with a namespace or address block, admits pods of other namespaces or outside traffic.
            var fromOutside = rules.Any(r => r.Items("from").Count == 0
                || r.Items("from").Any(f => f.At("namespaceSelector") is not null || f.At("ipBlock") is not null));
            Assert.True(fromOutside == (deployment.Name == "gateway"),
                deployment.Name == "gateway" ? "the gateway is not reachable from outside" : $"{deployment}: reachable from outside the namespace");
            if (deployment.Name != "gateway")
                Assert.All(rules.SelectMany(r => r.Items("from")), f =>
                    Assert.Equal("sikkerkey", f.Map("podSelector", "matchLabels").GetValueOrDefault("app.kubernetes.io/part-of")));
        }
    }

    /// <summary>A rule that opens the metrics port and nothing else (a rule without ports opens every port).</summary>
    internal static bool OnlyMetrics(YamlMappingNode rule) =>
        rule.Items("ports").Count > 0 && rule.Items("ports").All(p => p.Text("port") == "metrics");

    [Fact]
    public void Outside_traffic_enters_only_through_the_gateway()
    {
        Assert.All(Manifests.OfKind("Service"), s => Assert.True(s.Node.Text("spec", "type") is null or "ClusterIP", $"{s}: exposed on the nodes"));
        var backends = Manifests.OfKind("Ingress").SelectMany(i => i.Node.Items("spec", "rules"))
            .SelectMany(r => r.Items("http", "paths")).Select(p => p.Text("backend", "service", "name")).Distinct();
        Assert.Equal(["gateway"], backends);
    }
}
