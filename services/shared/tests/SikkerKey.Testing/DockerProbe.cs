using DotNet.Testcontainers.Configurations;

namespace SikkerKey.Testing;

/// <summary>Whether a Docker engine answers; without one, tests use the locally started servers.</summary>
public static class DockerProbe
{
    private static readonly Lazy<bool> Probe = new(() => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null);

    public static bool Available => Probe.Value;
}
