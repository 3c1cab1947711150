using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>The programs a deployment runs: every ASP.NET Core project under gateway/src and services/*/src.</summary>
public static class Programs
{
    /// <summary>SikkerKey.Secrets → "secrets": the name of its image, Deployment, Service and compose service.</summary>
    public static IReadOnlyList<(string Name, string Project)> All { get; } = Directory
        .GetFiles(RepositoryRoot.Path, "*.csproj", SearchOption.AllDirectories)
        .Where(path => IsUnder(path, "gateway", "src") || IsUnder(path, "services", "src"))
        .Where(path => File.ReadAllText(path).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal))
        .Select(path => Path.GetFileNameWithoutExtension(path))
        .Select(project => (project["SikkerKey.".Length..].ToLowerInvariant(), project))
        .Order()
        .ToList();

    private static bool IsUnder(string path, string top, string src)
    {
        var parts = Path.GetRelativePath(RepositoryRoot.Path, path).Split(Path.DirectorySeparatorChar);
        return parts[0] == top && parts.Contains(src) && !parts.Contains("node_modules") && !parts.Contains("bin") && !parts.Contains("obj");
    }
}
