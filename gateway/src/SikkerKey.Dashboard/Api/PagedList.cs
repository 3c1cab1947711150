using SikkerKey.Api;

namespace SikkerKey.Dashboard.Api;

/// <summary>
/// A grid's rows, read a page at a time (Load more). <see cref="ReloadAsync"/> after a change reads again as far as
/// the user had got, so the row they acted on stays in view.
/// </summary>
public sealed class PagedList<TPage, T>(ApiClient api, string path) where TPage : IPage<T>
{
    public IReadOnlyList<T> Items { get; private set; } = [];

    public bool HasMore => next is not null;

    private string? next;

    public async Task<string?> ReloadAsync()
    {
        var shown = Math.Max(Items.Count, 1);
        var rows = new List<T>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync<TPage>(Pages.Of(path, cursor, shown - rows.Count));
            if (page.Value is not { } value)
                return page.Error;
            rows.AddRange(value.Items);
            cursor = value.NextCursor;
        }
        while (cursor is not null && rows.Count < shown);
        (Items, next) = (rows, cursor);
        return null;
    }

    public async Task<string?> LoadMoreAsync()
    {
        if (next is null)
            return null;
        var page = await api.GetAsync<TPage>(Pages.Of(path, next));
        if (page.Value is not { } value)
            return page.Error;
        (Items, next) = ([.. Items, .. value.Items], value.NextCursor);
        return null;
    }
}
