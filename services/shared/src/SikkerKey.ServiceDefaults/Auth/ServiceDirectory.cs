namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// Where the other services' replicas are: service name → comma-separated base URLs
/// (<c>Services:identity</c> in services, <c>Gateway:Services:identity</c> in the gateway).
/// </summary>
public sealed class ServiceDirectory
{
    public Dictionary<string, string> Services { get; set; } = [];

    public IReadOnlyList<Uri> ReplicasOf(string service) =>
        Services.TryGetValue(service, out var urls)
            ? urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToList()
            : [];
}
