namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// The shapes of the ids clients send (PRODUCT.md "Concepts"). Every id a request carries is checked against its
/// kind before anything is looked up: a null, a secret id where a project id belongs, or 5,000 characters of junk
/// is the caller's mistake (400), never a lookup that silently matches nothing.
/// </summary>
public static class ResourceIds
{
    private static readonly System.Buffers.SearchValues<char> Alphabet = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    public static bool IsProjectId(string? id) => HasShape(id, "proj_");

    public static bool IsSecretId(string? id) => HasShape(id, "sk_");

    /// <summary>The first problem with a list of ids of one kind (null entries, wrong shape, duplicates), or null.</summary>
    public static string? ListProblem(IReadOnlyList<string?> ids, string field, Func<string?, bool> isValid, string kind)
    {
        if (ids.Any(id => id is null))
            return $"{field} must not contain null";
        if (ids.FirstOrDefault(id => !isValid(id)) is { } bad)
            return $"{field} contains '{Shorten(bad)}', which is not a {kind} id";
        return ids.Distinct(StringComparer.Ordinal).Count() == ids.Count ? null : $"{field} names the same {kind} more than once";
    }

    /// <summary>An id echoed back in an error message, cut so junk input cannot make the answer large.</summary>
    public static string Shorten(string id) => id.Length <= 40 ? id : id[..40] + "…";

    private static bool HasShape(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 10 && id.StartsWith(prefix, StringComparison.Ordinal)
        && id.AsSpan(prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}
