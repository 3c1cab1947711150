using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>
/// Keys reach pods only as files from the sikkerkey-keys Secret, one item per key a Deployment uses: the root key only
/// where project keys are wrapped under it (secrets), the audit key only in audit.
/// </summary>
public sealed class KeyMountTests
{
    private const string KeysSecret = "sikkerkey-keys";

    /// <summary>Secrets wraps project keys under it; nothing else may hold it (issue 21: bundle keys are made at download and never sealed).</summary>
    private static readonly string[] RootKeyHolders = ["secrets"];

    /// <summary>The setting that names each key's file (SikkerKey:RootKeyFile, …).</summary>
    private static readonly Dictionary<string, string> KeyFileSettings = new()
    {
        ["root.key"] = "SikkerKey__RootKeyFile",
        ["internal.key"] = "SikkerKey__InternalKeyFile",
        ["audit.key"] = "SikkerKey__Audit__KeyFile",
    };

    [Fact]
    public void The_root_key_is_mounted_only_where_it_is_used_and_the_audit_key_only_in_audit()
    {
        var mounted = Manifests.OfKind("Deployment").ToDictionary(d => d.Name, d => MountedKeys(d).Keys.ToHashSet());
        Assert.Equal(RootKeyHolders, mounted.Where(m => m.Value.Contains("root.key")).Select(m => m.Key).Order());
        Assert.Equal(["audit"], mounted.Where(m => m.Value.Contains("audit.key")).Select(m => m.Key));
        Assert.All(mounted, m => Assert.Contains("internal.key", m.Value));
        Assert.All(mounted, m => Assert.Empty(m.Value.Except(KeyFileSettings.Keys)));
    }

    [Fact]
    public void Every_mounted_key_is_named_by_its_setting_and_every_key_setting_names_a_mounted_file()
    {
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            var mounted = MountedKeys(deployment);
            var env = Env(deployment);
            foreach (var (key, path) in mounted)
                Assert.True(env.TryGetValue(KeyFileSettings[key], out var value) && value == path,
                    $"{deployment}: {key} is mounted at {path} but {KeyFileSettings[key]} does not name it");
            foreach (var setting in env.Keys.Where(KeyFileSettings.ContainsValue))
                Assert.True(mounted.ContainsValue(env[setting]), $"{deployment}: {setting}={env[setting]} is not a mounted key");
        }
    }

    [Fact]
    public void Keys_never_reach_a_pod_as_environment_variables()
    {
        foreach (var (_, container) in DeploymentInvariantTests.Containers())
        {
            Assert.DoesNotContain(container.Items("envFrom"), source => source.Text("secretRef", "name") == KeysSecret);
            Assert.DoesNotContain(container.Items("env"), variable => variable.Text("valueFrom", "secretKeyRef", "name") == KeysSecret);
            Assert.DoesNotContain(container.Items("env"), variable => variable.Text("name") is "SikkerKey__RootKey" or "SikkerKey__InternalKey" or "SikkerKey__Audit__Key");
        }
    }

    /// <summary>Key → path inside the container. A keys volume without items would expose every key, so it fails here.</summary>
    private static Dictionary<string, string> MountedKeys(Manifest deployment)
    {
        var pod = deployment.Node.At("spec", "template", "spec")!;
        var keyVolumes = pod.Items("volumes").Where(v => v.Text("secret", "secretName") == KeysSecret).ToList();
        var keys = new Dictionary<string, string>();
        foreach (var volume in keyVolumes)
        {
            var items = volume.Items("secret", "items");
            Assert.True(items.Count > 0, $"{deployment}: volume {volume.Text("name")} mounts every key of {KeysSecret}; list the ones it uses");
            var mounts = pod.Items("containers").SelectMany(c => c.Items("volumeMounts")).Where(m => m.Text("name") == volume.Text("name")).ToList();
            foreach (var mount in mounts)
            {
                Assert.True(mount.Text("readOnly") == "true", $"{deployment}: keys mounted writable");
                foreach (var item in items)
                    keys[item.Text("key")!] = $"{mount.Text("mountPath")!.TrimEnd('/')}/{item.Text("path")}";
            }
        }
        return keys;
    }

    private static Dictionary<string, string> Env(Manifest deployment) => deployment.Node
        .Items("spec", "template", "spec", "containers").SelectMany(c => c.Items("env"))
        .Where(e => e.Text("value") is not null)
        .ToDictionary(e => e.Text("name")!, e => e.Text("value")!);
}
