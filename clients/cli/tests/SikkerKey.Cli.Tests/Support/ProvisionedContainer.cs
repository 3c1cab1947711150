using System.IO.Compression;
using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// What a container gets from a Docker provisioning: the .sikkerkey bundle provisioned and downloaded through the
/// gateway and unzipped into the folder it mounts (at /etc/sikkerkey in the seed; anywhere here), and a home of its own.
/// </summary>
internal sealed class ProvisionedContainer : IDisposable
{
    private ProvisionedContainer(Guid machineId, string mount)
    {
        (MachineId, Mount) = (machineId, mount);
        Home = Directory.CreateTempSubdirectory("sikkerkey-container-home-").FullName;
    }

    public Guid MachineId { get; }

    /// <summary>identity.json, private.pem and cli.json, as the ZIP held them.</summary>
    public string Mount { get; }

    /// <summary>An empty home folder (no ~/.sikkerkey), also where test commands write what they saw.</summary>
    public string Home { get; }

    /// <summary>The seed's <c>docker run -e SIKKERKEY_IDENTITY=/etc/sikkerkey/identity.json</c>, with this home.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["SIKKERKEY_IDENTITY"] = Path.Combine(Mount, "identity.json"),
        ["HOME"] = Home,
    };

    /// <summary>Provisions a container for these secrets of the project (every one when none is named) and downloads its bundle.</summary>
    public static async Task<ProvisionedContainer> ProvisionAsync(UserSession owner, string projectId, params string[] secretIds)
    {
        object request = secretIds.Length == 0 ? new { projectId, allSecrets = true } : new { projectId, secretIds };
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", request)).AssertOkAsync(HttpStatusCode.Created);
        using var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        var zip = await download.Content.ReadAsByteArrayAsync(Http.Ct);
        Assert.True(download.StatusCode == HttpStatusCode.OK, $"bundle download: {(int)download.StatusCode} {System.Text.Encoding.UTF8.GetString(zip)}");

        var mount = Directory.CreateTempSubdirectory("sikkerkey-mount-").FullName;
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            archive.ExtractToDirectory(mount);
        return new ProvisionedContainer(provisioned.GetProperty("machineId").GetGuid(), mount);
    }

    /// <summary>A path in <see cref="Home"/> for a test command to write to.</summary>
    public string File(string name) => Path.Combine(Home, name);

    public void Dispose()
    {
        Directory.Delete(Mount, recursive: true);
        Directory.Delete(Home, recursive: true);
    }
}
