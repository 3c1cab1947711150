namespace SikkerKey.Signing.Tests;

internal static class Headers
{
    /// <summary>Case-insensitive, like ASP.NET's header dictionary.</summary>
    public static Func<string, string?> Lookup(IReadOnlyDictionary<string, string> headers)
    {
        var copy = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        return name => copy.GetValueOrDefault(name);
    }
}
