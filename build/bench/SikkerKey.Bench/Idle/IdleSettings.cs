using System.Globalization;

namespace SikkerKey.Bench.Idle;

/// <param name="Settle">How long the system sits idle after its warm-up before the first window. Start-up work would
/// otherwise count as idle: tiered compilation recompiles a method after its 30th call, so code that runs every 5 s (the
/// daemons' polls, the gateway's health probes) is recompiled 2.5 and 5 minutes after start, and each service spent
/// 10-20 ms/s on it for the first five minutes (dotnet-counters: 100-400 methods compiled per 15 s, CPU following).</param>
/// <param name="Window">Length of one measuring window; long enough to take in every periodic task (the slowest, the
/// identity and trash sweepers, run once a minute).</param>
/// <param name="Windows">Windows measured one after the other, each printed, so a noisy neighbour shows as one odd window.</param>
internal sealed record IdleSettings(TimeSpan Settle, TimeSpan Window, int Windows)
{
    public static IdleSettings Parse(IReadOnlyList<string> args) => new(
        TimeSpan.FromSeconds(args.Count > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 300),
        TimeSpan.FromSeconds(args.Count > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 60),
        args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);
}
