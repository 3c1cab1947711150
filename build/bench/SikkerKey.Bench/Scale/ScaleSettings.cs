using System.Globalization;

namespace SikkerKey.Bench.Scale;

/// <param name="Sizes">Secrets in each measured project.</param>
/// <param name="Samples">Requests per measurement; the median is reported. Exports of large projects take fewer (<see cref="SamplesFor"/>).</param>
internal sealed record ScaleSettings(IReadOnlyList<int> Sizes, int Samples)
{
    /// <summary>The most ids one poll may watch (the poll endpoint's limit).</summary>
    public const int MaxWatched = 1000;

    public const int Machines = 500;

    public const int AuditPagesIn = 100;

    public static ScaleSettings Parse(IReadOnlyList<string> args) => new(
        args.Count > 0 ? args[0].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList() : [10, 100, 1_000, 10_000],
        args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15);

    /// <summary>Every export records a read fact per secret, which the audit log then works through: big ones are sampled less.</summary>
    public int SamplesFor(int secrets) => Math.Max(3, Math.Min(Samples, Samples * 100 / Math.Max(secrets, 1)));
}
