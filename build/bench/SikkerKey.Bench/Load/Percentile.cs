namespace SikkerKey.Bench.Load;

internal static class Percentile
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100) of values sorted ascending.</summary>
    public static T Of<T>(IReadOnlyList<T> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
