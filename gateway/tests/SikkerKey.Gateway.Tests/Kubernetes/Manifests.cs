using SikkerKey.Testing;
using YamlDotNet.RepresentationModel;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>One Kubernetes object read from a file of deploy/kubernetes/.</summary>
public sealed record Manifest(string File, YamlMappingNode Node)
{
    public string Kind => Node.Text("kind") ?? "";

    public string Name => Node.Text("metadata", "name") ?? "";

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

/// <summary>Every manifest of deploy/kubernetes/, parsed the way kubectl would read the files.</summary>
public static class Manifests
{
    public static string Folder { get; } = RepositoryRoot.Combine("deploy", "kubernetes");

    public static IReadOnlyList<Manifest> All { get; } = ManifestFiles()
        .SelectMany(file => Load(Path.Combine(Folder, file)).Select(node => new Manifest(file, node)))
        .ToList();

    public static YamlMappingNode Kustomization { get; } = Load(Path.Combine(Folder, "kustomization.yaml")).Single();

    public static IEnumerable<Manifest> OfKind(string kind) => All.Where(m => m.Kind == kind);

    /// <summary>Every *.yaml beside kustomization.yaml, whether or not it lists them.</summary>
    public static IReadOnlyList<string> ManifestFiles() => Directory.GetFiles(Folder, "*.yaml")
        .Select(Path.GetFileName).OfType<string>()
        .Where(name => name != "kustomization.yaml")
        .Order(StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
            stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }
}

/// <summary>Walks a parsed YAML tree by key without a type for every Kubernetes object.</summary>
public static class YamlPath
{
    public static YamlNode? At(this YamlNode node, params string[] keys)
    {
        YamlNode? current = node;
        foreach (var key in keys)
            current = current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        return current;
    }

    public static string? Text(this YamlNode node, params string[] keys) => (node.At(keys) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlMappingNode> Items(this YamlNode node, params string[] keys) =>
        node.At(keys) is YamlSequenceNode list ? list.Children.OfType<YamlMappingNode>().ToList() : [];

    public static IReadOnlyList<string> Texts(this YamlNode node, params string[] keys) =>
        node.At(keys) is YamlSequenceNode list ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList() : [];

    public static IReadOnlyDictionary<string, string> Map(this YamlNode node, params string[] keys) =>
        node.At(keys) is YamlMappingNode map
            ? map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => (c.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();
}
