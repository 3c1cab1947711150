using System.Text.Json.Serialization;

namespace SikkerKey;

/// <summary>The cleartext file: only what is needed to open the sealed payload.</summary>
internal sealed record SkcEnvelope(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("ct")] string Ciphertext,
    [property: JsonPropertyName("cachedAt")] long CachedAt);

/// <summary>The sealed payload. <c>name</c> is absent for a secret read by id; <c>fieldNames</c> is the wire's string.</summary>
internal sealed record SkcPayload(
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("fieldNames"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FieldNames);

// Source-generated for the Native AOT CLI; Go's encoding/json writes the same key order.
[JsonSerializable(typeof(SkcEnvelope))]
[JsonSerializable(typeof(SkcPayload))]
internal sealed partial class SkcJson : JsonSerializerContext;
