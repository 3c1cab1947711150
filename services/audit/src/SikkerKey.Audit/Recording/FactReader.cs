using System.Net;
using System.Text.Json.Nodes;

namespace SikkerKey.Audit.Recording;

/// <summary>Turns one integration event, as type name and JSON body, into the audit service's <see cref="FactRecorded"/>.</summary>
public static class FactReader
{
    public static FactRecorded Read(Guid messageId, string typeName, JsonObject body, DateTimeOffset recordedAt)
    {
        var fields = new FactFields(body);
        var ownAction = FactConventions.ActionOf(typeName);
        var (actorKind, actorId) = FactConventions.ActorOf(ownAction, fields);
        var action = FactConventions.ReportedActionOf(ownAction);
        // Cleaned here too, because the fact itself is stored as jsonb before the projection ever sees it.
        return new FactRecorded(messageId, SafeText.Required(action, FactConventions.UnknownFact, MaxText), FactConventions.SeverityOf(action, fields), actorKind,
            Clean(actorId), Clean(fields.Text("MachineId")), Clean(fields.Text("SecretId")), Clean(fields.Text("ProjectId")),
            Clean(NormalizedIp(fields.Text("SourceIp"))), Clean(FactDetail.Of(fields)), Clean(fields.Text("VaultId")),
            ToMicroseconds(fields.OccurredAt() ?? recordedAt), recordedAt);
    }

    private const int MaxText = 4000;

    private static string? Clean(string? text) => SafeText.Optional(text, MaxText);

    /// <summary>The type name in a MassTransit message type URN, <c>urn:message:Namespace:TypeName</c>.</summary>
    public static string TypeNameOf(string messageTypeUrn) => messageTypeUrn[(messageTypeUrn.LastIndexOfAny([':', '+']) + 1)..];

    /// <summary>IPv4 clients seen through a dual-stack socket are stored as IPv4, so a filter by address finds them.</summary>
    public static string? NormalizedIp(string? ip) =>
        IPAddress.TryParse(ip, out var address) ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : ip;

    /// <summary>PostgreSQL keeps microseconds: entries carry no finer time, so a time read back compares equal to the one written.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
