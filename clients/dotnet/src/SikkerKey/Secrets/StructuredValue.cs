using System.Text.Json;

namespace SikkerKey;

/// <summary>Structured secrets travel as one JSON string in <c>value</c>: a flat object of string fields.</summary>
internal static class StructuredValue
{
    public static IReadOnlyDictionary<string, string> Parse(string secretId, string value)
    {
        try
        {
            using var json = JsonDocument.Parse(value);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, Text, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // A plain secret's value need not be JSON at all: reported below like any plain value.
        }
        throw new SikkerKeyException($"Secret {secretId} is a plain secret, not structured: read it with GetSecretAsync.");
    }

    public static IReadOnlyList<string>? FieldNames(string? fieldNames) =>
        fieldNames is null ? null : JsonSerializer.Deserialize(fieldNames, WireJson.Default.ListString);

    private static string Text(JsonProperty field) =>
        field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
}
