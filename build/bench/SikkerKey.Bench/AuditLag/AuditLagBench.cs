using System.Globalization;
using SikkerKey.Bench.Load;

namespace SikkerKey.Bench.AuditLag;

/// <summary>
/// Fact → queryable latency of the audit log: creates a project, polls <c>GET /api/audit</c> for its
/// <c>project_created</c> entry, N times in a row, and sets the spread beside PRODUCT.md's promise and goal. With a
/// load rate, the bench's machine meanwhile reads its secret that many times a second through the gateway (issue 15:
/// p99 lag under 500 reads/s); afterwards every read answered 200 must be in the audit log exactly once, and the
/// resident memory each process reached under the load is set beside the 250 MB target.
/// </summary>
internal static class AuditLagBench
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(AuditLagSettings settings)
    {
        await using var bench = await BenchSystem.StartAsync("audit-lag");
        MachineState.Print("before");
        using var client = new HttpClient { Timeout = AuditLagSettings.ClientTimeout };
        var readPath = $"/v1/secret/{bench.SecretId}";
        using var load = settings.ReadsPerSecond > 0
            ? new OpenLoop(client, () => SignedRead(bench, readPath), System.Net.HttpStatusCode.OK, settings.ReadsPerSecond, settings.MaxInFlight)
            : null;
        using var stopLoad = new CancellationTokenSource();
        var loading = load?.RunAsync(stopLoad.Token) ?? Task.CompletedTask;
        await using var memory = new MemoryPeaks();
        if (load is not null)
            await Task.Delay(TimeSpan.FromSeconds(3)); // the load reaches its rate before the first counted probe

        var delays = new List<AuditDelay>();
        var missing = 0;
        var probing = System.Diagnostics.Stopwatch.StartNew();
        for (var i = -AuditLagSettings.WarmUp; i < settings.Samples && !Interruption.Requested; i++)
        {
            if (probing.Elapsed > AuditLagSettings.ProbingLimit)
            {
                Console.Error.WriteLine($"audit-lag: {AuditLagSettings.ProbingLimit.TotalMinutes:0} min of probing is up; {settings.Samples - Math.Max(0, i)} probes not taken");
                break;
            }
            try
            {
                var delay = await AuditProbe.CreateProjectAndWaitAsync(bench.Owner, AuditLagSettings.PollEvery, AuditLagSettings.GiveUpAfter);
                if (i >= 0)
                    delays.Add(delay);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                missing++;
                Console.Error.WriteLine($"audit-lag: {ex.Message}");
            }
            if (i >= 0 && (i + 1) % 20 == 0)
                Console.Error.WriteLine($"audit-lag: {i + 1} of {settings.Samples}");
        }
        await stopLoad.CancelAsync();
        await loading;
        await memory.StopAsync();
        MachineState.Print("after");
        if (delays.Count > 0)
            Print(settings, delays, missing);
        if (load is not null)
            await LoadReport.PrintAsync(bench, settings, load);
        memory.Print(load is null ? "while idle" : "under the load");
        LogProblems.Print(bench.System);
        return delays.Count > 0 ? 0 : 1;
    }

    private static HttpRequestMessage SignedRead(BenchSystem bench, string path)
    {
        var request = bench.Machine.SignedRequest(HttpMethod.Get, path);
        request.RequestUri = new Uri(bench.Url("gateway"), path);
        return request;
    }

    private static void Print(AuditLagSettings settings, List<AuditDelay> delays, int missing)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"project_created → queryable in GET /api/audit, {delays.Count} facts one after another{(settings.ReadsPerSecond > 0 ? $" while {settings.ReadsPerSecond:0} signed reads/s were asked for" : "")} (polled every {AuditLagSettings.PollEvery.TotalMilliseconds:0} ms, {delays.Average(d => d.Polls):0.0} polls each on average):"));
        Console.WriteLine($"  {"",-32} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
        Row("from the fact's timestamp", delays.Select(d => d.SinceFact));
        Row("from the API's 201", delays.Select(d => d.SinceAcknowledged));
        if (missing > 0)
            Console.WriteLine(Invariant($"  {missing} of {delays.Count + missing} facts probed were not queryable within {AuditLagSettings.GiveUpAfter.TotalSeconds:0} s"));

        var lags = delays.Select(d => d.SinceFact).Order().ToList();
        var p99 = Percentile.Of(lags, 99);
        var max = lags[^1];
        var late = lags.Count(l => l > Promise);
        Console.WriteLine();
        Console.WriteLine(Invariant($"PRODUCT.md promises an entry is queryable within {Promise.TotalSeconds:0} s of the fact, with a p99 goal of {Goal.TotalSeconds:0} s."));
        Console.WriteLine(late == 0 && missing == 0
            ? Invariant($"Here every fact was queryable within the promise (slowest {max.TotalMilliseconds:0} ms, {max / Promise:0%} of it).")
            : Invariant($"Here {late + missing} of {lags.Count + missing} facts broke the promise (slowest seen {max.TotalMilliseconds:0} ms)."));
        Console.WriteLine(p99 <= Goal
            ? Invariant($"The p99 of {p99.TotalMilliseconds:0} ms meets the 1 s goal ({p99 / Goal:0%} of it).")
            : Invariant($"The p99 of {p99.TotalMilliseconds:0} ms misses the 1 s goal by {(p99 - Goal).TotalMilliseconds:0} ms ({p99 / Goal:0.0}× the goal)."));
        Console.WriteLine("Measured on this machine as loaded at the time (see above); a benchmark, not a test: no number fails it.");
    }

    private static void Row(string label, IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        Console.WriteLine(Invariant($"  {label,-32} {Percentile.Of(sorted, 50).TotalMilliseconds,8:0} {Percentile.Of(sorted, 99).TotalMilliseconds,8:0} {sorted[^1].TotalMilliseconds,8:0}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
