using JasperFx;
using Marten;
using SikkerKey.Contracts.Provisioning;
using SikkerKey.Provisioning.Provisioning;
using SikkerKey.ServiceDefaults.Background;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Provisioning.Expiring;

/// <summary>
/// Records <see cref="BundleExpired"/> for bundles nobody downloaded within the download window. There is no key to
/// delete (it is made only at download); the identity service shows the keyless machine as expired.
/// It finds them through the provisioning projection's pending rows by <c>ExpiresAt</c>. Any replica may run
/// it: each expiry is appended with optimistic concurrency, so a bundle expires once.
/// </summary>
public sealed class ExpirySweeper(IDocumentStore store, TimeProvider time, ILogger<ExpirySweeper> logger) : PeriodicSweeper(time, logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(20);

    /// <returns>How many bundles expired in this sweep.</returns>
    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
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
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                expired++;
                SikkerKeyMetrics.Bundles.Add(1, SikkerKeyMetrics.Label("stage", "expired"));
            }
            catch (ConcurrencyException)
            {
                // Downloaded, or expired by another replica, in the meantime.
            }
        }
        return expired;
    }
}
