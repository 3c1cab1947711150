using System.Data;
using Marten;
using SikkerKey.Api;
using SikkerKey.Audit.Checkpointing;
using SikkerKey.Audit.Keys;
using SikkerKey.Audit.Log;

namespace SikkerKey.Audit.Verifying;

/// <summary>
/// Walks one chain from its anchor (or the beginning) to its head, recomputing every link and checking every seal,
/// and checks that each signed checkpoint is signed by the audit key and names the hash the chain has at its position.
/// Reads in one repeatable-read snapshot, so a page committed by the projection or a sweep meanwhile cannot look like a break.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store, AuditKey key)
{
    public async Task<AuditVerification> VerifyAsync(string chainId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(new Marten.Services.SessionOptions { IsolationLevel = IsolationLevel.RepeatableRead });
        await session.BeginTransactionAsync(cancellationToken);
        var anchor = await session.LoadAsync<ChainAnchor>(chainId, cancellationToken);
        var head = await session.LoadAsync<ChainHead>(chainId, cancellationToken);
        var from = anchor?.Position ?? 0;
        var checkpoints = await session.Query<ChainCheckpoint>().Where(c => c.Chain == chainId && c.Position > from)
            .OrderBy(c => c.Position).ToListAsync(cancellationToken);

        var walk = new ChainWalk(anchor, key);
        var signedPositions = checkpoints.Select(c => c.Position).ToHashSet();
        var linksAtCheckpoints = new Dictionary<long, AuditEntry>();
        await ChainReader.WalkAsync(session, chainId, walk, long.MaxValue, cancellationToken, entry =>
        {
            if (signedPositions.Contains(entry.Position))
                linksAtCheckpoints[entry.Position] = entry;
        });
        // Entries missing after the last one left: the head still names the newest link.
        if (walk.IsIntact && head is not null && !walk.EndsAt(head))
            walk.Break(head.LastEntryId, walk.Position + 1);
        // A checkpoint that does not fit means entries up to it were rewritten, or removed from the end with the head rewound.
        var misfit = checkpoints.FirstOrDefault(c => !c.ToCheckpoint().IsSignedBy(key.PublicKey) || linksAtCheckpoints.GetValueOrDefault(c.Position)?.Hash != c.Hash);
        var valid = walk.IsIntact && misfit is null;
        if (misfit is not null && (walk.FirstBrokenPosition is null || misfit.Position < walk.FirstBrokenPosition))
        {
            walk.FirstBrokenPosition = misfit.Position;
            walk.FirstBroken = linksAtCheckpoints.GetValueOrDefault(misfit.Position)?.Id;
        }
        var last = checkpoints.Count == 0 ? null : new VerifiedCheckpoint(checkpoints[^1].Position, checkpoints[^1].Hash, checkpoints[^1].SignedAt);
        return new AuditVerification(valid, walk.Entries, walk.FirstBroken, walk.FirstBrokenPosition, checkpoints.Count, last);
    }
}
