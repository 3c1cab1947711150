using System.Globalization;

namespace SikkerKey.Dashboard.Api;

/// <summary>The filters of <c>GET /api/audit</c> (and its CSV export) as a query string.</summary>
public sealed class AuditFilter
{
    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    public string? Action { get; set; }

    public string? ActorId { get; set; }

    public string? MachineId { get; set; }

    public string? SecretId { get; set; }

    public string? ProjectId { get; set; }

    public string? SourceIp { get; set; }

    public string ToQuery(string? cursor)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
        }
        Add("from", From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("O", CultureInfo.InvariantCulture));
        Add("action", Action);
        Add("actorId", ActorId);
        Add("machineId", MachineId);
        Add("secretId", SecretId);
        Add("projectId", ProjectId);
        Add("sourceIp", SourceIp);
        Add("cursor", cursor);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
