using JasperFx;
using Marten;
using SikkerKey.Contracts.Provisioning;
using SikkerKey.Provisioning.Provisioning;

namespace SikkerKey.Provisioning.Expiring;

/// <summary>
/// Deletes the sealed keys of bundles nobody downloaded within the download window and records <see cref="BundleExpired"/>.
/// It finds them through the provisioning projection's pending rows by <c>ExpiresAt</c>. Any replica may run
/// it: each expiry is appended with optimistic concurrency, so a bundle expires once. Time comes from
/// <see cref="TimeProvider"/>, so tests move the clock instead of waiting.
/// </summary>
public sealed class ExpirySweeper(IDocumentStore store, TimeProvider time, ILogger<ExpirySweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Sweeping expired bundles failed; will retry");
            }
        }
    }

    /// <returns>How many bundles expired in this sweep.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var query = store.QuerySession();
        var due = await query.Query<ContainerProvisioning>()
            .Where(p => p.DownloadedAt == null && p.ExpiredAt == null && p.ExpiresAt <= now)
            .Select(p => p.Id).Take(500).ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var id in due)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<ContainerProvisioning>(id, cancellationToken);
            if (stream.Aggregate is not { Pending: true } provisioning)
                continue;
            stream.AppendOne(new BundleExpired(provisioning.ProvisioningId, provisioning.MachineId, provisioning.VaultId, now));
            session.Delete<SealedBundle>(provisioning.ProvisioningId);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                expired++;
            }
            catch (ConcurrencyException)
            {
                // Downloaded, or expired by another replica, in the meantime.
            }
        }
        return expired;
    }
}
