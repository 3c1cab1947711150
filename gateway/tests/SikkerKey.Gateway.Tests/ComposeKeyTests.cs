using SikkerKey.Testing;
using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests;

/// <summary>Issue 21 in the compose template: the root key is mounted into, and named to, the secrets service only.</summary>
public sealed class ComposeKeyTests
{
    [Fact]
    public void Only_the_secrets_service_is_given_the_root_key()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Combine("deploy", "compose", "compose.yaml")))
            yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        var built = services.Children.Where(c => ((YamlMappingNode)c.Value).Children.ContainsKey("build")).ToList();
        Assert.Equal(5, built.Count);
        foreach (var (key, value) in built)
        {
            var name = ((YamlScalarNode)key).Value;
            var service = Effective((YamlMappingNode)value);
            var mounts = service.TryGetValue("secrets", out var list) ? ((YamlSequenceNode)list).Select(n => n.ToString()) : [];
            var environment = Effective((YamlMappingNode)service["environment"]).Keys;
            var holds = mounts.Contains("root_key") || environment.Any(k => k.StartsWith("SikkerKey__RootKey", StringComparison.Ordinal));
            Assert.True(holds == (name == "secrets"), $"{name} {(holds ? "holds" : "lacks")} the root key");
        }
    }

    /// <summary>A mapping with its <c>&lt;&lt;</c> merge keys applied, as compose applies them (own keys win).</summary>
    private static Dictionary<string, YamlNode> Effective(YamlMappingNode node)
    {
        var result = new Dictionary<string, YamlNode>();
        if (node.Children.TryGetValue("<<", out var merged) && merged is YamlMappingNode anchor)
            foreach (var (key, value) in Effective(anchor))
                result[key] = value;
        foreach (var (key, value) in node.Children.Where(c => c.Key.ToString() != "<<"))
            result[key.ToString()] = value;
        return result;
    }
}
