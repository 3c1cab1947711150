using System.Globalization;

namespace SikkerKey.Cli.Exporting;

/// <summary>
/// YAML double-quoted scalars: always quoted, so that no value (or name: <c>NO</c>, <c>ON</c>, <c>1E3</c>) is read as a
/// boolean or number. Control characters, YAML's extra line breaks (U+0085, U+2028, U+2029) and the BOM are escaped.
/// </summary>
internal static class YamlQuoting
{
    public static string Quote(string value) => DoubleQuoted.Quote(value, c => c switch
    {
        '\\' => @"\\",
        '"' => "\\\"",
        '\n' => @"\n",
        '\r' => @"\r",
        '\t' => @"\t",
        '\u0085' => @"\N",
        '\u2028' => @"\L",
        '\u2029' => @"\P",
        _ when char.IsControl(c) || c == '\uFEFF' => $"\\u{((int)c).ToString("X4", CultureInfo.InvariantCulture)}",
        _ => null,
    });
}
