using System.Text;

namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// The environment-variable form of a name (PRODUCT.md): uppercased, every run of non-alphanumerics becomes one
/// <c>_</c>, trimmed of <c>_</c>. <c>stripe-keys</c> → <c>STRIPE_KEYS</c>.
/// </summary>
public static class EnvName
{
    public static string Of(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToUpperInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                text.Append(c);
            else if (text.Length > 0 && text[^1] != '_')
                text.Append('_');
        }
        return text.ToString().TrimEnd('_');
    }
}
