using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SikkerKey.ServiceDefaults.Background;

/// <summary>
/// Runs <see cref="SweepAsync"/> every <see cref="Interval"/> of <see cref="Time"/>, so tests move a fake clock instead of
/// waiting, and carries on after a failed sweep. Every replica runs it, so a sweep must be safe while another replica
/// runs the same sweep at the same moment.
/// </summary>
public abstract class PeriodicSweeper(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <returns>How many items this sweep handled.</returns>
    public abstract Task<int> SweepAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{Sweeper} failed; will retry in {Interval}", GetType().Name, Interval);
            }
        }
    }
}
