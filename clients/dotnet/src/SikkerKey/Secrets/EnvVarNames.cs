using System.Text;

namespace SikkerKey;

/// <summary>
/// Environment variable names for secrets, as every SikkerKey client makes them: the name uppercased, each run
/// of characters other than ASCII letters and digits turned into one <c>_</c>, and <c>_</c> trimmed from the ends.
/// </summary>
public static class EnvVarNames
{
    /// <example><c>"database url"</c> → <c>DATABASE_URL</c></example>
    public static string ForSecret(string secretName)
    {
        var name = new StringBuilder(secretName.Length);
        var separate = false;
        foreach (var c in secretName)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                separate = name.Length > 0;
                continue;
            }
            if (separate)
                name.Append('_');
            name.Append(char.ToUpperInvariant(c));
            separate = false;
        }
        return name.ToString();
    }

    /// <example><c>("stripe-keys", "publishable-key")</c> → <c>STRIPE_KEYS_PUBLISHABLE_KEY</c></example>
    public static string ForField(string secretName, string fieldName) => $"{ForSecret(secretName)}_{ForSecret(fieldName)}";
}
