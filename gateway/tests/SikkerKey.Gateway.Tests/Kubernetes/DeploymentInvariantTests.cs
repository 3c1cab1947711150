using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>
/// What every Deployment in deploy/kubernetes/ must have, checked for each one found there, so a service added later
/// cannot ship without probes, limits, a disruption budget, an autoscaler or the restricted security context.
/// </summary>
public sealed class DeploymentInvariantTests
{
    private static IReadOnlyList<Manifest> Deployments => Manifests.OfKind("Deployment").ToList();

    [Fact]
    public void Every_program_in_the_repository_has_a_deployment_and_nothing_else_does()
    {
        Assert.Equal(["audit", "gateway", "identity", "provisioning", "secrets"], Programs.All.Select(p => p.Name));
        Assert.Equal(Programs.All.Select(p => p.Name), Deployments.Select(d => d.Name).Order());
    }

    [Fact]
    public void Every_deployment_has_a_service_a_disruption_budget_and_an_autoscaler_of_at_least_two()
    {
        foreach (var deployment in Deployments)
        {
            var labels = deployment.Node.Map("spec", "template", "metadata", "labels");
            Assert.Single(Manifests.OfKind("Service"), s => s.Name == deployment.Name && Selects(s.Node.Map("spec", "selector"), labels));
            Assert.Single(Manifests.OfKind("PodDisruptionBudget"), p => Selects(p.Node.Map("spec", "selector", "matchLabels"), labels)
                && p.Node.At("spec", "maxUnavailable") is not null);
            var autoscaler = Assert.Single(Manifests.OfKind("HorizontalPodAutoscaler"),
                h => h.Node.Text("spec", "scaleTargetRef", "kind") == "Deployment" && h.Node.Text("spec", "scaleTargetRef", "name") == deployment.Name);
            Assert.True(int.Parse(autoscaler.Node.Text("spec", "minReplicas") ?? "1") >= 2, $"{autoscaler}: minReplicas below 2");
            Assert.True(int.Parse(autoscaler.Node.Text("spec", "maxReplicas") ?? "0") >= 2, $"{autoscaler}: maxReplicas below 2");
            // An apply would otherwise reset whatever the autoscaler chose.
            Assert.True(deployment.Node.At("spec", "replicas") is null, $"{deployment}: spec.replicas fights the autoscaler");
            Assert.True(Selects(deployment.Node.Map("spec", "selector", "matchLabels"), labels), $"{deployment}: selector misses its own pods");
        }
    }

    [Fact]
    public void Every_container_is_probed_on_the_health_endpoints_and_has_requests_and_limits()
    {
        foreach (var (deployment, container) in Containers())
        {
            var where = $"{deployment} container {container.Text("name")}";
            Assert.True(container.Text("readinessProbe", "httpGet", "path") == "/health/ready", $"{where}: readiness is not /health/ready");
            Assert.True(container.Text("livenessProbe", "httpGet", "path") == "/health/live", $"{where}: liveness is not /health/live");
            foreach (var bound in new[] { "requests", "limits" })
                foreach (var resource in new[] { "cpu", "memory" })
                    Assert.False(string.IsNullOrEmpty(container.Text("resources", bound, resource)), $"{where}: no resources.{bound}.{resource}");
            Assert.Equal($"sikkerkey/{deployment.Name}", container.Text("image"));
        }
    }

    [Fact]
    public void Every_pod_runs_unprivileged_on_a_read_only_root_filesystem()
    {
        foreach (var deployment in Deployments)
        {
            var pod = deployment.Node.At("spec", "template", "spec")!;
            Assert.True(pod.Text("securityContext", "runAsNonRoot") == "true", $"{deployment}: runAsNonRoot is not true");
            Assert.True(pod.Text("securityContext", "seccompProfile", "type") == "RuntimeDefault", $"{deployment}: seccomp is not RuntimeDefault");
            Assert.True(pod.Text("automountServiceAccountToken") == "false", $"{deployment}: mounts a service account token");
            Assert.True(pod.Text("hostNetwork") is null or "false" && pod.Text("hostPID") is null or "false", $"{deployment}: shares the host's namespaces");
            var emptyDirs = pod.Items("volumes").Where(v => v.At("emptyDir") is not null).Select(v => v.Text("name")).ToHashSet();
            foreach (var container in pod.Items("containers").Concat(pod.Items("initContainers")))
            {
                var where = $"{deployment} container {container.Text("name")}";
                Assert.True(container.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{where}: may escalate privileges");
                Assert.True(container.Text("securityContext", "readOnlyRootFilesystem") == "true", $"{where}: root filesystem is writable");
                Assert.True(container.Text("securityContext", "privileged") is null or "false", $"{where}: privileged");
                Assert.True(container.Texts("securityContext", "capabilities", "drop").Contains("ALL"), $"{where}: capabilities not dropped");
                Assert.True(container.Items("securityContext", "capabilities", "add").Count == 0
                    && container.Texts("securityContext", "capabilities", "add").Count == 0, $"{where}: adds capabilities");
                // .NET writes its diagnostics socket, and ASP.NET Core buffers large bodies, under /tmp.
                Assert.True(container.Items("volumeMounts").Any(m => m.Text("mountPath") == "/tmp" && emptyDirs.Contains(m.Text("name"))),
                    $"{where}: no writable emptyDir at /tmp");
            }
        }
    }

    [Fact]
    public void Every_image_is_named_in_the_kustomization_so_one_edit_points_them_at_a_registry()
    {
        var images = Manifests.Kustomization.Items("images").Select(i => i.Text("name")).ToList();
        Assert.Equal(Containers().Select(c => c.Container.Text("image")).Distinct().Order(), images.Order());
    }

    internal static IEnumerable<(Manifest Deployment, YamlNode Container)> Containers() =>
        Deployments.SelectMany(d => d.Node.Items("spec", "template", "spec", "containers").Select(c => (d, (YamlNode)c)));

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
