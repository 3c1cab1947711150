using Marten;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Reports the refusals throttled since the last sweep, then forgets nonces whose window has closed and lockout
/// windows that have passed (a row whose throttled refusals are not yet reported stays). Every replica may run
/// it; the deletes are idempotent, a report claims its rows, and correctness never depends on it running on time.
/// </summary>
public sealed class AuthenticationSweeper(IDocumentStore store, AuthLockouts lockouts, ThrottledRefusals throttled, TimeProvider time,
    ILogger<AuthenticationSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await throttled.ReportAsync(stoppingToken);
                await using var session = store.LightweightSession();
                var now = time.GetUtcNow();
                session.DeleteWhere<UsedNonce>(n => n.ExpiresAt < now);
                await session.SaveChangesAsync(stoppingToken);
                await lockouts.ForgetExpiredAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Sweeping old nonces and authentication failures failed; will retry");
            }
        }
    }
}
