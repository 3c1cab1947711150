using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using SikkerKey.Audit.Recording;

namespace SikkerKey.Audit.Log;

/// <summary>
/// Builds the audit log and its per-vault hash chains from the audit event store. It runs asynchronously under
/// the HotCold daemon, so exactly one node applies it at any time, in the store's global sequence order, one
/// page after another; each page's entries, chain heads and the daemon's progress commit in one transaction.
/// A chain's order is therefore fixed by the event sequence, whichever replica consumed the message, and a
/// fail-over resumes from the last committed head.
/// </summary>
public sealed class AuditLogProjection : IProjection
{
    public const string Name = "audit-log";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var facts = events.Select(e => e.Data).OfType<FactRecorded>().ToList();
        if (facts.Count == 0)
            return;
        var chainIds = facts.Select(f => f.VaultId ?? "").Distinct().ToArray();
        var heads = (await operations.LoadManyAsync<ChainHead>(cancellation, chainIds)).ToDictionary(h => h.Id);

        foreach (var fact in facts)
        {
            var chainId = fact.VaultId ?? "";
            var head = heads.GetValueOrDefault(chainId) ?? new ChainHead { Id = chainId };
            var entry = EntryOf(fact, chainId, head.Position + 1);
            entry.Hash = ChainHash.Of(head.Hash, entry);
            operations.Insert(entry);
            heads[chainId] = new ChainHead { Id = chainId, Position = entry.Position, Hash = entry.Hash, LastEntryId = entry.Id };
        }
        operations.Store(heads.Values.ToArray());
    }

    private static AuditEntry EntryOf(FactRecorded fact, string chainId, long position) => new()
    {
        Id = fact.Id,
        VaultId = chainId,
        Position = position,
        OccurredAt = fact.OccurredAt,
        Action = fact.Action,
        Severity = fact.Severity,
        ActorKind = fact.ActorKind,
        ActorId = fact.ActorId,
        MachineId = fact.MachineId,
        SecretId = fact.SecretId,
        ProjectId = fact.ProjectId,
        SourceIp = fact.SourceIp,
        Detail = fact.Detail,
    };
}
