using System.Globalization;

namespace SikkerKey.ServiceDefaults.Paging;

/// <summary>
/// <c>?limit=&amp;cursor=</c> of a management list that grows with the vault (a project's secrets, the machines): at most
/// <see cref="Limit"/> items sorted by name, from just after <see cref="After"/>. Without a limit a caller gets the
/// first <see cref="DefaultLimit"/>, so a list written before paging keeps working while the vault stays that small,
/// and learns from <c>nextCursor</c> that there is more.
/// </summary>
public sealed record PageRequest(int Limit, PageCursor? After)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static (PageRequest? Page, string? Error) Parse(string list, string? limit, string? cursor)
    {
        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && !(int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxLimit))
            return (null, $"limit must be a whole number from 1 to {MaxLimit}");
        if (string.IsNullOrWhiteSpace(cursor))
            return (new PageRequest(size, null), null);
        return PageCursor.TryDecode(list, cursor.Trim()) is { } after
            ? (new PageRequest(size, after), null)
            : (null, "cursor is not valid; pass the nextCursor of a previous page of this list");
    }

    /// <summary>
    /// The page to show and the cursor of the next one, from the <see cref="Limit"/> + 1 items read: the extra one only
    /// tells that another page follows, without a count.
    /// </summary>
    public (IReadOnlyList<T> Items, string? NextCursor) Cut<T>(IReadOnlyList<T> read, string list, Func<T, PageCursor> positionOf)
    {
        if (read.Count <= Limit)
            return (read, null);
        var shown = read.Take(Limit).ToList();
        return (shown, positionOf(shown[^1]).Encode(list));
    }
}
