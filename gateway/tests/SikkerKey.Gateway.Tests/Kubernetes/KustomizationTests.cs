using SikkerKey.Testing;
using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>`kubectl apply -k` applies every manifest, every reference resolves, and compose builds the images it runs.</summary>
public sealed class KustomizationTests
{
    [Fact]
    public void The_kustomization_lists_every_manifest_and_only_existing_ones()
    {
        Assert.Equal(Manifests.ManifestFiles(), Manifests.Kustomization.Texts("resources").Order(StringComparer.Ordinal));
        Assert.Equal("sikkerkey", Manifests.Kustomization.Text("namespace"));
    }

    [Fact]
    public void Every_config_map_and_secret_a_pod_reads_is_defined_here_or_optional()
    {
        var defined = Manifests.All.Where(m => m.Kind is "ConfigMap" or "Secret").Select(m => m.Name)
            .Concat(Manifests.Kustomization.Items("secretGenerator").Select(g => g.Text("name")!))
            .ToHashSet();
        foreach (var (deployment, container) in DeploymentInvariantTests.Containers())
        {
            var references = container.Items("envFrom").SelectMany(s => new[] { s.At("configMapRef"), s.At("secretRef") })
                .Concat(container.Items("env").SelectMany(e => new[] { e.At("valueFrom", "configMapKeyRef"), e.At("valueFrom", "secretKeyRef") }))
                .Concat(deployment.Node.Items("spec", "template", "spec", "volumes").Select(v => v.At("secret")))
                .OfType<YamlMappingNode>();
            foreach (var reference in references)
            {
                var name = reference.Text("name") ?? reference.Text("secretName");
                Assert.True(defined.Contains(name!) || reference.Text("optional") == "true", $"{deployment}: reads {name}, which nothing defines");
            }
        }
    }

    [Fact]
    public void The_gateway_holds_no_database_or_broker_credentials_and_reads_its_trusted_proxies()
    {
        var (_, gateway) = Assert.Single(DeploymentInvariantTests.Containers(), c => c.Deployment.Name == "gateway");
        Assert.DoesNotContain(gateway.Items("envFrom"), s => s.Text("secretRef", "name") == "sikkerkey-connections");
        var config = Assert.Single(Manifests.OfKind("ConfigMap"), c => c.Name == "sikkerkey-config");
        Assert.Contains("SIKKERKEY_TRUSTED_PROXIES", config.Node.Map("data").Keys);
        Assert.Contains(gateway.Items("envFrom"), s => s.Text("configMapRef", "name") == "sikkerkey-config");
        Assert.True(File.Exists(Path.Combine(Manifests.Folder, "connections.env.example")), "connections.env.example is missing");
    }

    [Fact]
    public void Compose_builds_every_image_from_the_one_dockerfile_under_the_names_kubernetes_runs()
    {
        var compose = Manifests.Load(RepositoryRoot.Combine("deploy", "compose", "compose.yaml")).Single();
        foreach (var (name, project) in Programs.All)
        {
            var service = compose.At("services", name) ?? throw new Xunit.Sdk.XunitException($"compose has no service {name}");
            Assert.Equal("deploy/Dockerfile", service.Text("build", "dockerfile"));
            Assert.Equal(project, service.Text("build", "args", "PROJECT"));
            Assert.StartsWith("${SIKKERKEY_IMAGE_PREFIX:-sikkerkey}/" + name + ":", service.Text("image"), StringComparison.Ordinal);
        }
        var dockerfiles = Directory.GetFiles(RepositoryRoot.Combine("deploy"), "*Dockerfile*", SearchOption.AllDirectories);
        Assert.Equal([RepositoryRoot.Combine("deploy", "Dockerfile")], dockerfiles);
    }
}
