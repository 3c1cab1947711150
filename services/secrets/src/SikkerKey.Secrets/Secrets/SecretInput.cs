using SikkerKey.Api;
using System.Text;
using System.Text.Json;

namespace SikkerKey.Secrets.Secrets;

/// <summary>What a user sends for a secret, checked: a plain string <c>value</c> or a flat object of string <c>fields</c>.</summary>
public sealed record SecretInput(string Type, byte[] Plaintext, IReadOnlyList<string>? FieldNames)
{
    public const int MaxNameLength = 128;
    public const int MaxValueBytes = 12_288;

    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "name is required"
        : name.Length > MaxNameLength ? $"name must be at most {MaxNameLength} characters"
        : !IsPrintable(name) ? "name must be printable characters"
        : EnvName.Of(name).Length == 0 ? "name must contain at least one letter or digit"
        : null;

    /// <returns>The checked input, or the status and message to refuse it with.</returns>
    public static (SecretInput? Input, int Status, string? Problem) Parse(SecretBody body)
    {
        var hasValue = body.Value is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null };
        var hasFields = body.Fields is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null };
        if (hasValue == hasFields)
            return Refuse("send either value (a string) or fields (an object of strings)");
        return hasValue ? Plain(body.Value!.Value) : Structured(body.Fields!.Value);
    }

    private static (SecretInput?, int, string?) Plain(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
            return Refuse("value must be a string; use fields for structured secrets");
        var bytes = Encoding.UTF8.GetBytes(value.GetString()!);
        return bytes.Length > MaxValueBytes ? TooLarge() : (new SecretInput(SecretTypes.Plain, bytes, null), 200, null);
    }

    private static (SecretInput?, int, string?) Structured(JsonElement fields)
    {
        if (fields.ValueKind != JsonValueKind.Object)
            return Refuse("fields must be a JSON object of string values");
        var values = new Dictionary<string, string>();
        foreach (var field in fields.EnumerateObject())
        {
            if (field.Value.ValueKind != JsonValueKind.String)
                return Refuse($"field '{field.Name}' must be a string; structured secrets are flat objects of strings");
            var name = field.Name;
            if (name.Length == 0 || EnvName.Of(name).Length == 0)
                return Refuse("field names must contain at least one letter or digit");
            // Shown by the dashboard and printed by `sikkerkey list`: a newline or an escape sequence would forge lines.
            if (name.Length > MaxNameLength || !IsPrintable(name))
                return Refuse($"field names must be printable characters, at most {MaxNameLength}");
            values[name] = field.Value.GetString()!;
        }
        if (values.Count == 0)
            return Refuse("fields must hold at least one field");
        var clash = values.Keys.GroupBy(EnvName.Of).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            return Refuse($"fields {string.Join(" and ", clash.Select(n => $"'{n}'"))} map to the same variable {clash.Key}");
        var json = JsonSerializer.SerializeToUtf8Bytes(values);
        return json.Length > MaxValueBytes ? TooLarge() : (new SecretInput(SecretTypes.Structured, json, values.Keys.ToList()), 200, null);
    }

    /// <summary>
    /// No control characters (newlines, escape sequences, NUL, which PostgreSQL's jsonb refuses) and no bidirectional
    /// overrides, which make a name display as another (U+202E turns <c>db-key</c> around on screen).
    /// </summary>
    public static bool IsPrintable(string text) => !text.Any(c => char.IsControl(c) || c is '\u061C' or '\u200E' or '\u200F'
        or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));

    private static (SecretInput?, int, string?) Refuse(string problem) => (null, 400, problem);

    private static (SecretInput?, int, string?) TooLarge() => (null, 413, $"the value is larger than {MaxValueBytes} bytes of UTF-8");
}
