using System.Diagnostics;
using System.Globalization;
using SikkerKey.Bench.Load;
using SikkerKey.Testing;

namespace SikkerKey.Bench.AuditExport;

/// <summary>
/// Whether an audit export streams: the audit process's peak resident memory while it exports chains of growing
/// length, set beside the peak of the smallest export. The entries are written straight into the projection's table
/// (producing a million facts through the API would take hours and measure the facts, not the export).
/// </summary>
internal static class AuditExportBench
{
    public static async Task<int> RunAsync(int entries)
    {
        await using var bench = await BenchSystem.StartAsync("audit-export");
        MachineState.Print("before");
        // The vault's own facts in the log first, so its chain head exists before rows are put below it.
        await AuditProbe.CreateProjectAndWaitAsync(bench.Owner, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60));
        var audit = AuditProcess.Find();

        var sizes = new[] { 1_000, entries / 10, entries }.Where(n => n > 0).Distinct().Order().ToArray();
        var results = new List<ExportRun>();
        var written = 0;
        foreach (var size in sizes)
        {
            Console.Error.WriteLine(Invariant($"audit-export: filling the chain to {size:N0} entries…"));
            await AuditRows.AddAsync(bench, written, size - written);
            written = size;
            results.Add(await ExportRun.MeasureAsync(bench.Owner, audit, size));
            if (Interruption.Requested)
                break;
        }
        MachineState.Print("after");
        Print(results);
        return results.All(r => r.Rows >= r.Entries) ? 0 : 1;
    }

    private static void Print(List<ExportRun> runs)
    {
        var baseline = runs[0];
        Console.WriteLine();
        Console.WriteLine("GET /api/audit/export through the gateway, one vault's chain, audit process resident memory sampled every 20 ms:");
        Console.WriteLine($"  {"entries",11} {"rows",11} {"MB sent",8} {"rows/s",9} {"RSS before MB",14} {"peak RSS MB",12} {"peak ÷ smallest",16}");
        foreach (var run in runs)
            Console.WriteLine(Invariant($"  {run.Entries,11:N0} {run.Rows,11:N0} {run.Bytes / 1e6,8:0.0} {run.Rows / run.Elapsed.TotalSeconds,9:N0} {run.RssBefore / 1e6,14:0} {run.PeakRss / 1e6,12:0} {(double)run.PeakRss / baseline.PeakRss,16:0.00}"));
        var last = runs[^1];
        Console.WriteLine();
        Console.WriteLine(Invariant($"{last.Entries / (double)baseline.Entries:N0}× the entries took {(double)last.PeakRss / baseline.PeakRss:0.00}× the peak memory ({(last.PeakRss - baseline.PeakRss) / 1e6:+0;-0} MB)."));
        Console.WriteLine("Measured on this machine as loaded at the time (see above); a benchmark, not a test: no number fails it.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One export, read to the end as an auditor's <c>curl -o</c> would, with the audit process's memory sampled meanwhile.</summary>
internal sealed record ExportRun(int Entries, long Rows, long Bytes, TimeSpan Elapsed, long RssBefore, long PeakRss)
{
    public static async Task<ExportRun> MeasureAsync(UserSession owner, AuditProcess audit, int entries)
    {
        var before = audit.ResidentBytes();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, audit.ResidentBytes());
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var started = Stopwatch.GetTimestamp();
        long rows = 0, bytes = 0;
        using (var response = await owner.Client.GetAsync("/api/audit/export", HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                rows += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        await sampling.CancelAsync();
        await sampler;
        // The header line and the checkpoint line are not entries.
        return new ExportRun(entries, rows - 1, bytes, elapsed, before, peak);
    }
}
