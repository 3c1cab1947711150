using System.Globalization;

namespace SikkerKey.Bench.ReadPath;

/// <param name="Seconds">Measured time of each scenario at each concurrency, split over <see cref="Rounds"/> slices.</param>
/// <param name="Concurrencies">Requests in flight at once.</param>
internal sealed record ReadPathSettings(double Seconds, IReadOnlyList<int> Concurrencies)
{
    /// <summary>Slices of each scenario run interleaved with the others, so a change in the machine's load touches all alike.</summary>
    public const int Rounds = 3;

    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public TimeSpan Slice => TimeSpan.FromSeconds(Seconds / Rounds);

    public static ReadPathSettings Parse(IReadOnlyList<string> args) => new(
        args.Count > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 20,
        args.Count > 1 ? args[1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList() : [1, 16]);
}
