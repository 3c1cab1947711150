using System.IO.Compression;
using System.Text.Json;
using SikkerKey.Provisioning.Provisioning;

namespace SikkerKey.Provisioning.Downloading;

/// <summary>
/// The <c>.sikkerkey</c> ZIP: <c>identity.json</c> (exactly the keys the official clients read), <c>private.pem</c>
/// (PKCS#8) and <c>cli.json</c>. Paths point into the documented read-only mount, <c>/etc/sikkerkey</c>.
/// </summary>
public static class BundleZip
{
    public const string MountPath = "/etc/sikkerkey";
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static byte[] Build(ContainerProvisioning provisioning, string apiUrl, ReadOnlySpan<byte> privateKeyPem)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "identity.json", JsonSerializer.SerializeToUtf8Bytes(new
            {
                machineId = provisioning.MachineId,
                machineName = provisioning.MachineName,
                vaultId = provisioning.VaultId,
                apiUrl,
                privateKeyPath = $"{MountPath}/private.pem",
            }, Indented), UnixMode.Readable);
            Add(zip, "private.pem", privateKeyPem, UnixMode.OwnerOnly);
            Add(zip, "cli.json", JsonSerializer.SerializeToUtf8Bytes(new
            {
                apiUrl,
                vaultId = provisioning.VaultId,
                machineId = provisioning.MachineId,
                machineName = provisioning.MachineName,
                projectId = provisioning.ProjectId,
                identityPath = $"{MountPath}/identity.json",
            }, Indented), UnixMode.Readable);
        }
        return buffer.ToArray();
    }

    private enum UnixMode
    {
        OwnerOnly = 0b110_000_000,
        Readable = 0b110_100_100,
    }

    private static void Add(ZipArchive zip, string name, ReadOnlySpan<byte> content, UnixMode mode)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        // Regular file with the given permission bits, so `unzip` restores private.pem as 0600.
        entry.ExternalAttributes = (0x8000 | (int)mode) << 16;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
