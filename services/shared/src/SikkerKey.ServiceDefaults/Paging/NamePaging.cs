using Marten.Linq.MatchesSql;

namespace SikkerKey.ServiceDefaults.Paging;

/// <summary>
/// Keyset paging of Marten documents by <c>Name</c>, then id: a page starts where the last one ended by an index
/// seek, never by skipping rows, so page 100 costs what page 1 does. Callers order by <c>Name</c> then <c>Id</c>.
/// </summary>
public static class NamePaging
{
    public static IQueryable<T> After<T>(this IQueryable<T> query, PageCursor? after) where T : notnull =>
        after is null
            ? query
            // The first condition is implied by the second; it is what lets PostgreSQL start an index scan on the name at the cursor.
            : query.Where(d => d.MatchesSql("data ->> 'Name' >= ? and (data ->> 'Name', id) > (?, ?)", after.Name, after.Name, after.Id));
}
