using System.Globalization;

namespace SikkerKey.Bench.AuditLag;

/// <param name="Samples">Facts measured, one after another.</param>
/// <param name="ReadsPerSecond">Signed reads per second kept up meanwhile (0: an idle system).</param>
internal sealed record AuditLagSettings(int Samples, double ReadsPerSecond)
{
    /// <summary>The first facts after start-up also pay for JIT compilation and the bus topology; they are not counted.</summary>
    public const int WarmUp = 3;

    /// <summary>Often enough to resolve well under the 1 s goal, rarely enough not to load the system much.</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>A fact not queryable by then counts as missing.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static AuditLagSettings Parse(IReadOnlyList<string> args) =>
        new(args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100,
            args.Count > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0);
}
