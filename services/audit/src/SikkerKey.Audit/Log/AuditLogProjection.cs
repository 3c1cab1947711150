using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using SikkerKey.Audit.Keys;
using SikkerKey.Audit.Recording;

namespace SikkerKey.Audit.Log;

/// <summary>
/// Builds the audit log and its hash chains from the audit event store. It runs asynchronously under the HotCold
/// daemon, so exactly one node applies it at any time, in the store's global sequence order, one page after another;
/// each page's entries, chain heads and the daemon's progress commit in one transaction. A chain's order is therefore
/// fixed by the event sequence, whichever replica consumed the message, and a fail-over resumes from the last head.
/// It is total over its input: whatever a fact holds (no vault, nulls, huge or unstorable text, a duplicate), it
/// becomes an entry or is skipped, never an exception that would stop every later fact from being recorded.
/// </summary>
public sealed class AuditLogProjection(AuditKey key) : IProjection
{
    public const string Name = "audit-log";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var facts = events.Where(e => e.Data is FactRecorded).DistinctBy(e => ((FactRecorded)e.Data).Id).ToList();
        if (facts.Count == 0)
            return;
        // A fact already in the log (say, recorded again after a replay) would collide on its id and stop the page.
        var recorded = (await operations.LoadManyAsync<AuditEntry>(cancellation, facts.Select(e => ((FactRecorded)e.Data).Id).ToArray())).Select(e => e.Id).ToHashSet();
        facts.RemoveAll(e => recorded.Contains(((FactRecorded)e.Data).Id));
        var chainIds = facts.Select(e => Chains.Of(((FactRecorded)e.Data).VaultId)).Distinct().ToArray();
        var heads = (await operations.LoadManyAsync<ChainHead>(cancellation, chainIds)).ToDictionary(h => h.Id);

        foreach (var stored in facts)
        {
            var fact = (FactRecorded)stored.Data;
            var chainId = Chains.Of(fact.VaultId);
            var head = heads.GetValueOrDefault(chainId) ?? new ChainHead { Id = chainId };
            var entry = EntryOf(fact, chainId, head.Position + 1);
            (entry.FactStream, entry.FactVersion) = (stored.StreamKey, stored.Version);
            entry.PreviousHash = head.Hash;
            entry.Hash = ChainHash.Of(head.Hash, entry);
            entry.Seal = key.Seal(entry.Hash);
            operations.Insert(entry);
            heads[chainId] = new ChainHead { Id = chainId, Position = entry.Position, Hash = entry.Hash, LastEntryId = entry.Id };
        }
        if (heads.Count > 0)
            operations.Store(heads.Values.ToArray());
    }

    // Ids are indexed (a btree refuses keys of a few kilobytes); names and details are read, not searched.
    private const int MaxId = 200;
    private const int MaxText = 2000;

    private static AuditEntry EntryOf(FactRecorded fact, string chainId, long position) => new()
    {
        Id = fact.Id,
        VaultId = chainId,
        Position = position,
        OccurredAt = fact.OccurredAt,
        Action = SafeText.Required(fact.Action, "unknown_fact", MaxId),
        Severity = SafeText.Required(fact.Severity, Severities.Info, MaxId),
        ActorKind = SafeText.Required(fact.ActorKind, ActorKinds.System, MaxId),
        ActorId = SafeText.Optional(fact.ActorId, MaxId),
        MachineId = SafeText.Optional(fact.MachineId, MaxId),
        SecretId = SafeText.Optional(fact.SecretId, MaxId),
        ProjectId = SafeText.Optional(fact.ProjectId, MaxId),
        SourceIp = SafeText.Optional(fact.SourceIp, MaxId),
        Detail = SafeText.Optional(fact.Detail, MaxText),
    };
}
