using Marten;
using Microsoft.Extensions.Options;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// Forgets nonces whose window has closed and failures older than the lockout window. Every replica may run
/// it; the deletes are idempotent, and correctness never depends on it running on time.
/// </summary>
public sealed class AuthenticationSweeper(IDocumentStore store, IOptions<AuthLockoutOptions> lockout, TimeProvider time, ILogger<AuthenticationSweeper> logger)
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
                var failuresBefore = now - lockout.Value.Window;
                session.DeleteWhere<UsedNonce>(n => n.ExpiresAt < now);
                session.DeleteWhere<AuthFailure>(f => f.At < failuresBefore);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Sweeping old nonces and authentication failures failed; will retry");
            }
        }
    }
}
