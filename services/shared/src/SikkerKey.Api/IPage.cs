namespace SikkerKey.Api;

/// <summary>A page of a list the API pages (<c>?limit=&amp;cursor=</c> in, <c>nextCursor</c> out; null on the last page).</summary>
public interface IPage<out T>
{
    IReadOnlyList<T> Items { get; }

    string? NextCursor { get; }
}
