using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Provisioning.Provisioning;

/// <summary>
/// <c>SikkerKey:PublicUrl</c> goes into every bundle. <c>SikkerKey:BundleDownloadWindow</c> is the product's 15
/// minutes; an operator may shorten it (a bundle that waits less is exposed less), never lengthen it.
/// </summary>
public sealed class ProvisioningOptions
{
    [Required]
    [Url]
    public string PublicUrl { get; set; } = "http://localhost:8080";

    [Range(typeof(TimeSpan), "00:00:01", "00:15:00", ErrorMessage = "SikkerKey:BundleDownloadWindow must be between 1 second and 15 minutes")]
    public TimeSpan BundleDownloadWindow { get; set; } = TimeSpan.FromMinutes(15);
}
