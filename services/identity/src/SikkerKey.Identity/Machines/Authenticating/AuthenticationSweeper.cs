using Marten;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Forgets nonces whose window has closed and lockout windows that have passed. Every replica may run
/// it; the deletes are idempotent, and correctness never depends on it running on time.
/// </summary>
public sealed class AuthenticationSweeper(IDocumentStore store, AuthLockouts lockouts, TimeProvider time, ILogger<AuthenticationSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
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
