using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SikkerKey.Audit.Recording;

/// <summary>An integration event's JSON body, read by property name whatever its casing, in declaration order.</summary>
public sealed class FactFields
{
    private readonly List<KeyValuePair<string, JsonNode?>> ordered;
    private readonly Dictionary<string, JsonNode?> byName;

    public FactFields(JsonObject body)
    {
        ordered = [.. body];
        byName = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ordered)
            byName.TryAdd(name, value);
    }

    public IEnumerable<KeyValuePair<string, JsonNode?>> All => ordered;

    public bool Has(string name) => byName.ContainsKey(name);

    /// <summary>The field as text: strings as they are, numbers and booleans invariantly, lists joined by commas; null for anything else.</summary>
    public string? Text(string name) => byName.TryGetValue(name, out var value) ? TextOf(value) : null;

    public static string? TextOf(JsonNode? value) => value switch
    {
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        JsonValue scalar when scalar.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            => scalar.ToJsonString(),
        JsonArray list => string.Join(",", list.Select(TextOf).Where(item => item is not null)),
        _ => null,
    };

    /// <summary>The first non-null field whose name matches, in declaration order.</summary>
    public string? FirstText(Func<string, bool> nameMatches) =>
        ordered.Where(field => nameMatches(field.Key)).Select(field => TextOf(field.Value)).FirstOrDefault(text => text is not null);

    /// <summary>The last <c>…At</c> field that holds a time: contracts put the time of the fact last.</summary>
    public DateTimeOffset? OccurredAt() =>
        ordered.Where(field => field.Key.EndsWith("At", StringComparison.Ordinal)).Select(field => TextOf(field.Value))
            .Select(text => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null)
            .LastOrDefault(at => at is not null);
}
