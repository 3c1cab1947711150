using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SikkerKey.Cli.Exporting;

internal static class JsonObject
{
    // Relaxed: non-ASCII text and <>&' stay readable; quotes, backslashes and control characters are still escaped.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<KeyValuePair<string, string>> variables)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            foreach (var (name, value) in variables)
                json.WriteString(name, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
