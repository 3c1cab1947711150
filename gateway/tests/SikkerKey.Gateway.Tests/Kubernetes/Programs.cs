using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Kubernetes;

/// <summary>The programs a deployment runs: every ASP.NET Core project under gateway/src and services/*/src.</summary>
public static class Programs
{
    /// <summary>SikkerKey.Secrets → "secrets": the name of its image, Deployment, Service and compose service.</summary>
    public static IReadOnlyList<(string Name, string Project)> All { get; } = new[] { "gateway", "services" }
        .SelectMany(top => Directory.GetFiles(RepositoryRoot.Combine(top), "*.csproj", SearchOption.AllDirectories))
        .Where(IsUnderSrc)
        .Where(path => File.ReadAllText(path).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal))
        .Select(path => Path.GetFileNameWithoutExtension(path))
        .Select(project => (project["SikkerKey.".Length..].ToLowerInvariant(), project))
        .Order()
        .ToList();

    private static bool IsUnderSrc(string path)
    {
        var parts = Path.GetRelativePath(RepositoryRoot.Path, path).Split(Path.DirectorySeparatorChar);
        return parts.Contains("src") && !parts.Contains("node_modules") && !parts.Contains("bin") && !parts.Contains("obj");
    }
}
