using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SikkerKey;

/// <summary>Structured secrets travel as one JSON string in <c>value</c>: a flat object of string fields.</summary>
internal static class StructuredValue
{
    public static IReadOnlyDictionary<string, string> Parse(string secretId, string value) =>
        TryParse(value, out var fields)
            ? fields
            : throw new SikkerKeyException($"Secret {secretId} is a plain secret, not structured: read it with GetSecretAsync.");

    /// <returns><c>false</c> when the value is not a JSON object, as a plain secret's value need not be.</returns>
    public static bool TryParse(string value, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? fields)
    {
        fields = null;
        try
        {
            using var json = JsonDocument.Parse(value);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                fields = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, Text, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Not JSON at all: a plain value like any other.
        }
        return fields is not null;
    }

    public static IReadOnlyList<string>? FieldNames(string? fieldNames) =>
        fieldNames is null ? null : JsonSerializer.Deserialize(fieldNames, WireJson.Default.ListString);

    private static string Text(JsonProperty field) =>
        field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
}
