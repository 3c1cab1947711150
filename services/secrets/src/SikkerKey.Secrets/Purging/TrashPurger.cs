using JasperFx;
using Marten;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.MachinePlane;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Background;

namespace SikkerKey.Secrets.Purging;

/// <summary>
/// Purges secrets that have been in the trash for <see cref="Retention"/>: deletes their sealed values and data key
/// (nothing can decrypt them afterwards), their name claim, grants and poll baselines, and records
/// <see cref="SecretPurged"/>. Any replica may run it: each purge is appended with optimistic concurrency on the
/// secret's stream, so a secret is purged once, and a restore racing it either wins or is refused.
/// </summary>
public sealed class TrashPurger(IDocumentStore store, TimeProvider time, ILogger<TrashPurger> logger) : PeriodicSweeper(time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    protected override TimeSpan Interval { get; } = TimeSpan.FromMinutes(1);

    /// <returns>How many secrets were purged in this sweep.</returns>
    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        // PostgreSQL compares in microseconds, the clock counts 100 ns ticks: the query only finds candidates,
        // the exact rule is checked on the aggregate below.
        var candidatesBefore = now - Retention + TimeSpan.FromMilliseconds(1);
        await using var query = store.QuerySession();
        var due = await query.Query<Secret>()
            .Where(s => s.DeletedAt != null && s.PurgedAt == null && s.DeletedAt < candidatesBefore)
            .Select(s => s.Id).Take(500).ToListAsync(cancellationToken);
        var purged = 0;
        foreach (var id in due)
            purged += await PurgeAsync(id, now, cancellationToken) ? 1 : 0;
        return purged;
    }

    private async Task<bool> PurgeAsync(string secretId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Secret>(secretId, cancellationToken);
        if (stream.Aggregate is not { DeletedAt: { } deletedAt, IsPurged: false } secret || deletedAt + Retention > now)
            return false;
        stream.AppendOne(new SecretPurged(secret.Id, secret.ProjectId, secret.VaultId, secret.Name, deletedAt, now));
        session.Delete<SecretMaterial>(secret.Id);
        session.DeleteWhere<SecretName>(n => n.SecretId == secret.Id);
        PollBaselines.StageForgetSecret(session, secret.Id);
        await GrantWriter.RevokeSecretAsync(session, secret, "secret_purged", now, cancellationToken);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (ConcurrencyException)
        {
            // Restored, or purged by another replica, in the meantime.
            return false;
        }
    }
}
