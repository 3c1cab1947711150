using System.Globalization;

namespace SikkerKey.Bench.Load;

/// <summary>
/// Samples <see cref="SystemMemory"/> once a second in the background while a load runs, and prints the most each
/// part reached beside issue 15's 250 MB target.
/// </summary>
internal sealed class MemoryPeaks : IAsyncDisposable
{
    public const double TargetMegabytes = 250;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly SystemMemory memory = new(BenchSystem.PostgresPort(), SystemCpu.RabbitPid(
        Environment.GetEnvironmentVariable("SIKKERKEY_DATA") ?? "", Environment.GetEnvironmentVariable("SIKKERKEY_RABBIT_NODE") ?? ""));
    private readonly List<Dictionary<string, double>> snapshots = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    public MemoryPeaks() => sampling = Task.Run(SampleAsync);

    /// <summary>Prints what was sampled until <see cref="StopAsync"/>.</summary>
    public void Print(string during)
    {
        if (snapshots.Count == 0)
            return;
        var peak = SystemMemory.Peak(snapshots);
        Console.WriteLine();
        Console.WriteLine(Invariant($"Resident memory (PSS, MB), the most each part reached over {snapshots.Count} snapshots {during}; target < {TargetMegabytes:0} MB each process:"));
        foreach (var part in SystemCpu.Parts)
            if (peak.TryGetValue(part, out var mb) && mb > 0)
                Console.WriteLine(Invariant($"  {part,-14} {mb,7:0}   {Verdict(part, mb, peak)}"));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    /// <summary>PostgreSQL is a process per connection: the target holds for each, the cluster's sum is shown beside it.</summary>
    private static string Verdict(string part, double mb, Dictionary<string, double> peak) =>
        part == SystemCpu.Postgres && peak.TryGetValue(SystemMemory.PostgresLargest, out var largest)
            ? Invariant($"all its processes together; the largest one {largest:0} MB: {(largest < TargetMegabytes ? "met" : "missed")}")
            : mb < TargetMegabytes ? "met" : "missed";

    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested)
            await stop.CancelAsync();
        await sampling;
    }

    private async Task SampleAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            snapshots.Add(memory.Snapshot());
            try
            {
                await Task.Delay(Every, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
