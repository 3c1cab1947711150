using Marten;
using Microsoft.Extensions.Options;
using SikkerKey.Audit.Keys;
using SikkerKey.Audit.Log;
using SikkerKey.Audit.Retention;
using SikkerKey.ServiceDefaults.Background;

namespace SikkerKey.Audit.Checkpointing;

/// <summary>
/// Every <c>SikkerKey:Audit:CheckpointInterval</c> (10 s by default), and once more on shutdown, signs the head of
/// every chain that moved since its last checkpoint, after checking the links and seals added since: a rewritten
/// entry is never vouched for. Replicas may sign the same head at once; the later signature simply replaces the first.
/// </summary>
public sealed class CheckpointSigner(IDocumentStore store, AuditKey key, IOptions<AuditOptions> options, TimeProvider time, ILogger<CheckpointSigner> logger)
    : PeriodicSweeper(time, logger)
{
    private readonly ILogger<CheckpointSigner> log = logger;

    protected override TimeSpan Interval => options.Value.CheckpointInterval;

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var heads = await session.Query<ChainHead>().ToListAsync(cancellationToken);
        var signed = (await session.Query<SignedHead>().ToListAsync(cancellationToken)).ToDictionary(s => s.Id);
        var count = 0;
        foreach (var head in heads.Where(h => signed.GetValueOrDefault(h.Id) is not { } last || last.Position < h.Position))
        {
            if (!await IntactUpToAsync(session, head, signed.GetValueOrDefault(head.Id), cancellationToken))
                continue;
            var checkpoint = key.Sign(head.Id, head.Position, head.Hash, Time.GetUtcNow());
            session.Store(ChainCheckpoint.Of(checkpoint));
            session.Store(new SignedHead { Id = head.Id, Position = head.Position, Hash = head.Hash });
            count++;
        }
        if (count > 0)
            await session.SaveChangesAsync(cancellationToken);
        return count;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await SweepAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Could not sign the audit chains' heads on shutdown; the next start signs them");
        }
    }

    private async Task<bool> IntactUpToAsync(IQuerySession session, ChainHead head, SignedHead? last, CancellationToken cancellationToken)
    {
        var anchor = await session.LoadAsync<ChainAnchor>(head.Id, cancellationToken);
        ChainLink? start = last is not null && (anchor is null || last.Position >= anchor.Position)
            ? new ChainAnchor { Id = head.Id, Position = last.Position, Hash = last.Hash }
            : anchor;
        var walk = new ChainWalk(start, key);
        await ChainReader.WalkAsync(session, head.Id, walk, head.Position, cancellationToken);
        if (walk.IsIntact && walk.EndsAt(head))
            return true;
        log.LogError("Audit chain {Chain} does not verify after position {Position}; its head is not signed", head.Id, walk.Position);
        return false;
    }
}
