using Marten;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.Secrets;

namespace SikkerKey.Secrets.Grants;

/// <summary>Stages grant changes and the fact that records them, in the caller's session.</summary>
public static class GrantWriter
{
    public static void StageGrants(IDocumentSession session, Guid machineId, string projectId, string vaultId, IReadOnlyList<string> secretIds,
        string reason, Guid? by, DateTimeOffset now, string? sourceIp)
    {
        foreach (var secretId in secretIds)
            session.Store(new Grant { Id = Grant.KeyFor(machineId, secretId), MachineId = machineId, SecretId = secretId, ProjectId = projectId, VaultId = vaultId, GrantedAt = now });
        session.Events.Append(StreamFor(machineId), new GrantsChanged(machineId, projectId, vaultId, secretIds, [], reason, by, now, sourceIp));
    }

    /// <summary>Removes every grant of the machine (revoked, deleted, owner removed), one fact per project.</summary>
    public static async Task RevokeAllAsync(IDocumentSession session, Guid machineId, string reason, Guid? by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grants = await session.Query<Grant>().Where(g => g.MachineId == machineId).ToListAsync(cancellationToken);
        foreach (var project in grants.GroupBy(g => (g.ProjectId, g.VaultId)))
            session.Events.Append(StreamFor(machineId), new GrantsChanged(machineId, project.Key.ProjectId, project.Key.VaultId, [], project.Select(g => g.SecretId).ToList(), reason, by, now));
        session.DeleteWhere<Grant>(g => g.MachineId == machineId);
    }

    /// <summary>
    /// Removes one machine's grants on one project that were given no later than <paramref name="grantedUpTo"/> (its
    /// owner may no longer read there since then), one fact. The cut-off matters because the consumer that calls this
    /// may run late: a grant given after the owner regained the permission was checked against it and must survive a
    /// stale "lost the permission" message.
    /// </summary>
    public static async Task RevokeProjectAsync(IDocumentSession session, Guid machineId, string projectId, string reason, Guid? by, DateTimeOffset grantedUpTo, CancellationToken cancellationToken)
    {
        var grants = await session.Query<Grant>().Where(g => g.MachineId == machineId && g.ProjectId == projectId && g.GrantedAt <= grantedUpTo).ToListAsync(cancellationToken);
        if (grants.Count == 0)
            return;
        session.Events.Append(StreamFor(machineId), new GrantsChanged(machineId, projectId, grants[0].VaultId, [], grants.Select(g => g.SecretId).ToList(), reason, by, grantedUpTo));
        // Conditional, not by id: a grant given again meanwhile is stored with a newer GrantedAt and must stay.
        session.DeleteWhere<Grant>(g => g.MachineId == machineId && g.ProjectId == projectId && g.GrantedAt <= grantedUpTo);
    }

    /// <summary>Removes every machine's grant on one secret (purged), one fact per machine.</summary>
    public static async Task RevokeSecretAsync(IDocumentSession session, Secret secret, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var machines = await session.Query<Grant>().Where(g => g.SecretId == secret.Id).Select(g => g.MachineId).ToListAsync(cancellationToken);
        foreach (var machineId in machines)
            session.Events.Append(StreamFor(machineId), new GrantsChanged(machineId, secret.ProjectId, secret.VaultId, [], [secret.Id], reason, null, now));
        session.DeleteWhere<Grant>(g => g.SecretId == secret.Id);
    }

    public static string StreamFor(Guid machineId) => $"grants:{machineId}";
}
