using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using SikkerKey.Testing;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// A container provisioned through the gateway as the dashboard does it: the bundle downloaded once and unzipped into
/// a folder, which is what <c>-v …:/etc/sikkerkey:ro</c> shows the container.
/// </summary>
internal sealed class ProvisionedContainer : IDisposable
{
    private ProvisionedContainer(Guid machineId, string folder) => (MachineId, Folder) = (machineId, folder);

    public Guid MachineId { get; }

    public string Folder { get; }

    public string IdentityFile => Path.Combine(Folder, "identity.json");

    public static async Task<ProvisionedContainer> ProvisionAsync(UserSession owner, string projectId, params string[] secretIds)
    {
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId, secretIds }))
            .AssertOkAsync(HttpStatusCode.Created);
        using var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        var folder = Directory.CreateTempSubdirectory("sikkerkey-bundle-").FullName;
        using (var archive = new ZipArchive(await download.Content.ReadAsStreamAsync(Http.Ct)))
            archive.ExtractToDirectory(folder);
        return new ProvisionedContainer(provisioned.GetProperty("machineId").GetGuid(), folder);
    }

    public async Task DisableAsync(UserSession owner) =>
        await (await owner.Client.PostAsync($"/api/machines/{MachineId}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

    /// <summary>Points the bundle at another server, as a bundle made with another public URL would be.</summary>
    public void UseApiUrl(Uri apiUrl)
    {
        var identity = JsonNode.Parse(File.ReadAllText(IdentityFile))!;
        identity["apiUrl"] = apiUrl.ToString().TrimEnd('/');
        File.WriteAllText(IdentityFile, identity.ToJsonString());
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
