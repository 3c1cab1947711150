using Marten;

namespace SikkerKey.Audit.Log;

/// <summary>Feeds a chain's entries after the walk's position to it, in order, a page at a time, so a long chain never sits in memory.</summary>
public static class ChainReader
{
    private const int PageSize = 1000;

    public static async Task WalkAsync(IQuerySession session, string chainId, ChainWalk walk, long upTo, CancellationToken cancellationToken,
        Action<AuditEntry>? seen = null)
    {
        for (var after = walk.Position; after < upTo;)
        {
            var from = after;
            var page = await session.Query<AuditEntry>().Where(e => e.VaultId == chainId && e.Position > from && e.Position <= upTo)
                .OrderBy(e => e.Position).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                walk.Step(entry);
                seen?.Invoke(entry);
            }
            if (page.Count < PageSize)
                break;
            after = page[^1].Position;
        }
    }
}
