using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SikkerKey.Cli.Exporting;

/// <summary>JSON as the CLI prints it (export, get -o json): one indented object and a final newline.</summary>
internal static class JsonObject
{
    // Relaxed: non-ASCII text and <>&' stay readable; quotes, backslashes and control characters are still escaped.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<KeyValuePair<string, string>> variables) => Write(json =>
    {
        foreach (var (name, value) in variables)
            json.WriteString(name, value);
    });

    /// <param name="properties">Writes the object's properties.</param>
    public static string Write(Action<Utf8JsonWriter> properties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            properties(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
