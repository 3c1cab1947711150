using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// Service name → base URLs of its replicas, comma-separated (<c>Gateway:Services:secrets</c>).
    /// More replicas are more URLs; nothing else changes.
    /// </summary>
    [Required]
    public Dictionary<string, string> Services { get; set; } = [];

    /// <summary>Largest request body the gateway accepts. Secret values are at most 12 KiB; JSON escaping can grow them.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
