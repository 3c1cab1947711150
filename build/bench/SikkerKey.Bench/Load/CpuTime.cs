namespace SikkerKey.Bench.Load;

/// <summary>CPU time by part of the system summed over measuring windows, and how long those windows were.</summary>
internal sealed class CpuTime
{
    private readonly Dictionary<string, TimeSpan> parts = [];

    public TimeSpan Window { get; private set; }

    public void Add(Dictionary<string, TimeSpan> cpu, TimeSpan window)
    {
        foreach (var (part, time) in cpu)
            parts[part] = parts.GetValueOrDefault(part) + time;
        Window += window;
    }

    public IEnumerable<string> Parts => parts.Keys;

    public TimeSpan Of(string part) => parts.GetValueOrDefault(part);

    /// <summary>CPU time per second of wall time.</summary>
    public TimeSpan Rate(string part) => Window > TimeSpan.Zero ? Of(part) / Window.TotalSeconds : TimeSpan.Zero;
}
