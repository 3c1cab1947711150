using SikkerKey.Cli.Exporting;

namespace SikkerKey.Cli.Reading;

/// <summary>
/// <c>get -o json</c> as the official CLI prints it: keys in Go's order (sorted), two-space indent, a final newline:
/// <c>{"id", "value", "fields"?}</c>, or <c>{"field", "id", "value"}</c> for one field.
/// </summary>
internal static class GetJson
{
    public static string Write(string id, string? field, string value, IReadOnlyDictionary<string, string>? fields) => JsonObject.Write(json =>
    {
        if (field is not null)
            json.WriteString("field", field);
        if (fields is not null)
        {
            json.WriteStartObject("fields");
            foreach (var (name, text) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
                json.WriteString(name, text);
            json.WriteEndObject();
        }
        json.WriteString("id", id);
        json.WriteString("value", value);
    });
}
