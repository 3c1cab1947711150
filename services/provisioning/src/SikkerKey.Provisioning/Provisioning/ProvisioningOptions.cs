using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Provisioning.Provisioning;

/// <summary><c>SikkerKey:PublicUrl</c> goes into every bundle; the download window is the product's 15 minutes.</summary>
public sealed class ProvisioningOptions
{
    [Required]
    [Url]
    public string PublicUrl { get; set; } = "http://localhost:8080";

    public static readonly TimeSpan DownloadWindow = TimeSpan.FromMinutes(15);
}
