using SikkerKey.Bench.Load;

namespace SikkerKey.Bench.ReadPath;

/// <summary>What one scenario gave at one concurrency, over all its slices.</summary>
internal sealed class ScenarioResult
{
    public Latencies Latencies { get; } = new();

    /// <summary>CPU time by part of the system while it was measured: the slices and the audit drains after them.</summary>
    public CpuTime Cpu { get; } = new();

    /// <summary>How long the audit log took to catch up after each slice, for scenarios that leave audit facts.</summary>
    public List<TimeSpan> Drains { get; } = [];

    public void Add(Latencies slice, Dictionary<string, TimeSpan> cpu, TimeSpan window, TimeSpan? drain)
    {
        Latencies.Add(slice);
        Cpu.Add(cpu, window);
        if (drain is { } d)
            Drains.Add(d);
    }

    /// <summary>Microseconds of CPU per successful request beyond what the part spends when idle.</summary>
    public double CpuPerRequest(string part, CpuTime idle) =>
        Latencies.Count == 0 ? double.NaN : (Cpu.Of(part) - idle.Rate(part) * Cpu.Window.TotalSeconds).TotalMicroseconds / Latencies.Count;

    public double SystemCpuPerRequest(CpuTime idle) => SystemCpu.Parts.Sum(part => CpuPerRequest(part, idle));
}
