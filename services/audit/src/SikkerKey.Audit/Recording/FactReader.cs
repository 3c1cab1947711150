using System.Net;
using System.Text.Json.Nodes;

namespace SikkerKey.Audit.Recording;

/// <summary>Turns one integration event, as type name and JSON body, into the audit service's <see cref="FactRecorded"/>.</summary>
public static class FactReader
{
    public static FactRecorded Read(Guid messageId, string typeName, JsonObject body, DateTimeOffset recordedAt)
    {
        var fields = new FactFields(body);
        var action = FactConventions.ActionOf(typeName);
        var (actorKind, actorId) = FactConventions.ActorOf(action, fields);
        return new FactRecorded(messageId, action, FactConventions.SeverityOf(action, fields), actorKind, actorId,
            fields.Text("MachineId"), fields.Text("SecretId"), fields.Text("ProjectId"), NormalizedIp(fields.Text("SourceIp")),
            FactDetail.Of(fields), fields.Text("VaultId"), ToMicroseconds(fields.OccurredAt() ?? recordedAt), recordedAt);
    }

    /// <summary>The type name in a MassTransit message type URN, <c>urn:message:Namespace:TypeName</c>.</summary>
    public static string TypeNameOf(string messageTypeUrn) => messageTypeUrn[(messageTypeUrn.LastIndexOfAny([':', '+']) + 1)..];

    /// <summary>IPv4 clients seen through a dual-stack socket are stored as IPv4, so a filter by address finds them.</summary>
    public static string? NormalizedIp(string? ip) =>
        IPAddress.TryParse(ip, out var address) ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : ip;

    /// <summary>PostgreSQL keeps microseconds: entries carry no finer time, so a time read back compares equal to the one written.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
