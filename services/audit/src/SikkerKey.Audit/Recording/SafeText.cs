using System.Text;

namespace SikkerKey.Audit.Recording;

/// <summary>
/// Text a fact carries, made storable whatever it holds: PostgreSQL's jsonb refuses NUL and unpaired surrogates,
/// and btree indexes refuse very long keys, so any of them would fail the write of the whole page of facts.
/// </summary>
public static class SafeText
{
    /// <summary>Null for null or empty (so a CSV's empty cell reads back as what was hashed), else the text, cleaned and cut to <paramref name="max"/>.</summary>
    public static string? Optional(string? text, int max) => string.IsNullOrEmpty(text) ? null : Clean(text, max);

    public static string Required(string? text, string fallback, int max) => string.IsNullOrEmpty(text) ? fallback : Clean(text, max);

    private static string Clean(string text, int max)
    {
        if (text.Length <= max && IsClean(text))
            return text;
        var clean = new StringBuilder(Math.Min(text.Length, max + 1));
        var i = 0;
        for (; i < text.Length && clean.Length < max; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (clean.Length + 2 > max)
                    break;
                clean.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
                clean.Append('\uFFFD');
            else if (c != '\0')
                clean.Append(c);
        }
        return i < text.Length ? clean.Append('…').ToString() : clean.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
                return false;
            if (char.IsHighSurrogate(c) && !(i + 1 < text.Length && char.IsLowSurrogate(text[++i])))
                return false;
        }
        return true;
    }
}
