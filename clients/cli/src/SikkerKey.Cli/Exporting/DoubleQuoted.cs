using System.Text;

namespace SikkerKey.Cli.Exporting;

internal static class DoubleQuoted
{
    /// <param name="escape">The escape sequence of a character, or <c>null</c> to write it as it is.</param>
    public static string Quote(string value, Func<char, string?> escape)
    {
        var quoted = new StringBuilder("\"", value.Length + 8);
        foreach (var c in value)
        {
            if (escape(c) is { } sequence)
                quoted.Append(sequence);
            else
                quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
