using System.Data;
using Marten;
using SikkerKey.Audit.Log;

namespace SikkerKey.Audit.Verifying;

/// <summary>
/// Walks one vault's chain from its anchor (or the beginning) to its head, recomputing every link. Reads in
/// one repeatable-read snapshot, so a page committed by the projection or a sweep meanwhile cannot look like a break.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store)
{
    private const int PageSize = 1000;

    public sealed record Result(bool Valid, long Entries, Guid? FirstBrokenId);

    public async Task<Result> VerifyAsync(string vaultId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(new Marten.Services.SessionOptions { IsolationLevel = IsolationLevel.RepeatableRead });
        await session.BeginTransactionAsync(cancellationToken);
        var anchor = await session.LoadAsync<ChainAnchor>(vaultId, cancellationToken);
        var head = await session.LoadAsync<ChainHead>(vaultId, cancellationToken);

        var walk = new ChainWalk(anchor);
        for (var after = walk.Position; ;)
        {
            var page = await session.Query<AuditEntry>().Where(e => e.VaultId == vaultId && e.Position > after)
                .OrderBy(e => e.Position).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var entry in page)
                walk.Step(entry);
            if (page.Count < PageSize)
                break;
            after = page[^1].Position;
        }
        // Entries missing after the last one left: the head still names the newest link.
        if (walk.IsIntact && head is not null && !walk.EndsAt(head))
            walk.FirstBroken = head.LastEntryId;
        return new Result(walk.IsIntact, walk.Entries, walk.FirstBroken);
    }
}
