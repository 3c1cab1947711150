using Marten;
using SikkerKey.Audit.Log;

namespace SikkerKey.Audit.Querying;

/// <summary>One chain's entries matching a filter: for the list newest first (time, then chain position) from the cursor on; for the export in chain order.</summary>
public static class AuditQuery
{
    public static IQueryable<AuditEntry> For(IQuerySession session, string vaultId, AuditFilter filter) =>
        Matching(session, vaultId, filter).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Position);

    public static IQueryable<AuditEntry> InChainOrder(IQuerySession session, string vaultId, AuditFilter filter) =>
        Matching(session, vaultId, filter with { Cursor = null }).OrderBy(e => e.Position);

    private static IQueryable<AuditEntry> Matching(IQuerySession session, string vaultId, AuditFilter filter)
    {
        var entries = session.Query<AuditEntry>().Where(e => e.VaultId == vaultId);
        if (filter.From is { } from)
            entries = entries.Where(e => e.OccurredAt >= from);
        if (filter.To is { } to)
            entries = entries.Where(e => e.OccurredAt <= to);
        if (filter.Actions.Count > 0)
        {
            var actions = filter.Actions.ToArray();
            entries = entries.Where(e => actions.Contains(e.Action));
        }
        if (filter.ActorId is { } actorId)
            entries = entries.Where(e => e.ActorId == actorId);
        if (filter.MachineId is { } machineId)
            entries = entries.Where(e => e.MachineId == machineId);
        if (filter.SecretId is { } secretId)
            entries = entries.Where(e => e.SecretId == secretId);
        if (filter.ProjectId is { } projectId)
            entries = entries.Where(e => e.ProjectId == projectId);
        if (filter.SourceIp is { } sourceIp)
            entries = entries.Where(e => e.SourceIp == sourceIp);
        // The first condition is implied by the second; it is what lets PostgreSQL start the index scan at the cursor.
        if (filter.Cursor is { } cursor)
            entries = entries.Where(e => e.OccurredAt <= cursor.OccurredAt)
                .Where(e => e.OccurredAt < cursor.OccurredAt || (e.OccurredAt == cursor.OccurredAt && e.Position < cursor.Position));
        return entries;
    }
}
