using SikkerKey.Api;

namespace SikkerKey.Dashboard.Api;

/// <summary>The paging query of the API's growing lists (<c>GET /api/projects/{id}/secrets</c>, <c>GET /api/machines</c>).</summary>
public static class Pages
{
    /// <summary>The server's default page: what a grid shows before Load more.</summary>
    public const int GridLimit = 100;

    /// <summary>The server's largest page: pickers that need every item read it in as few calls as it allows.</summary>
    public const int MaxLimit = 500;

    public static string Of(string path, string? cursor, int limit = GridLimit)
    {
        var query = $"limit={Math.Clamp(limit, GridLimit, MaxLimit)}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
        return path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>Every item of a paged list, for a picker (Select all, grants) that must offer them all.</summary>
    public static async Task<ApiResult<List<T>>> AllAsync<TPage, T>(this ApiClient api, string path) where TPage : IPage<T>
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync<TPage>(Of(path, cursor, MaxLimit));
            if (page.Value is not { } value)
                return new ApiResult<List<T>>(page.Status, null, page.Error);
            all.AddRange(value.Items);
            cursor = value.NextCursor;
        }
        while (cursor is not null);
        return new ApiResult<List<T>>(System.Net.HttpStatusCode.OK, all, null);
    }
}
