using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SikkerKey.Audit.Recording;

/// <summary>Turns one integration event, as type name and JSON body, into the audit service's <see cref="FactRecorded"/>.</summary>
public static class FactReader
{
    /// <summary>
    /// Contracts that carry many facts of another contract in one message (<c>SecretsRead</c>: an export's reads), with
    /// the list's field: each element, with the message's other fields, is read as one fact of the named type.
    /// </summary>
    private static readonly Dictionary<string, (string ListField, string ElementType)> Batches = new()
    {
        ["SecretsRead"] = ("Secrets", "SecretRead"),
    };

    /// <summary>
    /// The facts one message holds: one, or one per element of a batch contract. The first element's id is the message
    /// id, the others' are derived from it and their place in the list, so a redelivered message yields the same ids (and
    /// is recorded once) and every message is found in the log by its own id.
    /// </summary>
    public static IEnumerable<FactRecorded> ReadAll(Guid messageId, string typeName, JsonObject body, DateTimeOffset recordedAt)
    {
        if (!Batches.TryGetValue(typeName, out var batch) || ListOf(body, batch.ListField) is not { Count: > 0 } list)
        {
            // Not a batch, or one whose list is empty or cannot be read: still a fact that happened, stored as it is.
            yield return Read(messageId, typeName, body, recordedAt);
            yield break;
        }
        var shared = body.Where(field => !field.Key.Equals(batch.ListField, StringComparison.OrdinalIgnoreCase)).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var element = new JsonObject();
            foreach (var (name, value) in shared)
                element[name] = value?.DeepClone();
            if (list[i] is JsonObject fields)
                foreach (var (name, value) in fields)
                    element[name] = value?.DeepClone();
            yield return Read(i == 0 ? messageId : ElementId(messageId, i), batch.ElementType, element, recordedAt);
        }
    }

    private static JsonArray? ListOf(JsonObject body, string field) =>
        body.FirstOrDefault(f => f.Key.Equals(field, StringComparison.OrdinalIgnoreCase)).Value as JsonArray;

    /// <summary>A name-based id (RFC 9562 version 8) for element <paramref name="index"/> of a batch message.</summary>
    public static Guid ElementId(Guid messageId, int index)
    {
        Span<byte> input = stackalloc byte[20];
        messageId.TryWriteBytes(input, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(input[16..], index);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

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
