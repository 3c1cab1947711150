using System.Globalization;

namespace SikkerKey.Bench.AuditLag;

/// <param name="Samples">Facts measured, one after another.</param>
/// <param name="ReadsPerSecond">Signed reads per second kept up meanwhile (0: an idle system).</param>
/// <param name="MaxInFlight">
/// The most of those reads outstanding at once. 32, twice the closed loop's 16 that already saturates this machine:
/// more in flight only adds queueing, and the earlier 256 let requests wait past their client timeout.
/// </param>
internal sealed record AuditLagSettings(int Samples, double ReadsPerSecond, int MaxInFlight)
{
    /// <summary>The first facts after start-up also pay for JIT compilation and the bus topology; they are not counted.</summary>
    public const int WarmUp = 3;

    /// <summary>Often enough to resolve well under the 1 s goal, rarely enough not to load the system much.</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>A fact not queryable by then counts as missing.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Probes stop being taken after this, however many were asked for, so an overloaded run still ends and prints
    /// its lost and duplicated facts instead of being cut short from outside.
    /// </summary>
    public static readonly TimeSpan ProbingLimit = TimeSpan.FromMinutes(5);

    /// <summary>A signed read not answered by then counts as failed (it may still have been served and audited).</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the count of audited reads may stand still before the ones still missing count as lost.</summary>
    public static readonly TimeSpan SettledAfter = TimeSpan.FromSeconds(15);

    /// <summary>The most the bench waits for the audit log to catch up with the reads after the load stops.</summary>
    public static readonly TimeSpan CatchUpLimit = TimeSpan.FromMinutes(3);

    public static AuditLagSettings Parse(IReadOnlyList<string> args) =>
        new(args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100,
            args.Count > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0,
            args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32);
}
