using System.Diagnostics;
using System.Globalization;
using System.Net;
using SikkerKey.Bench.Load;

namespace SikkerKey.Bench.Revocation;

/// <summary>
/// Revocation latency (issue 15): while the bench's machine reads its secret as fast as a few workers can, the owner
/// disables it; from the moment <c>POST /api/machines/{id}/disable</c> returned, a read sent at once must be refused,
/// and no read sent after that moment may succeed. Then the machine is enabled again and the next try starts.
/// Prints the refused read's latency from the return (p50, p99, max) and the successful reads that started after the
/// return, beside the targets (p99 &lt; 50 ms, 0).
/// </summary>
internal static class RevocationBench
{
    private const int Workers = 4;
    private static readonly TimeSpan TargetP99 = TimeSpan.FromMilliseconds(50);

    private sealed record Sent(long At, long Answered, HttpStatusCode Status);

    public static async Task<int> RunAsync(int tries)
    {
        // Every try makes a few refused reads; the default lockout (50 within 5 min) would answer them 429 and keep
        // refusing the machine once enabled again.
        await using var bench = await BenchSystem.StartAsync("revocation", new Dictionary<string, string> { ["SIKKERKEY_AUTH_LOCKOUT_FAILURES"] = "1000000" });
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var machinePath = $"/api/machines/{bench.Machine.Id}";
        MachineState.Print("before");

        var latencies = new List<TimeSpan>();
        var lateSuccesses = 0;
        var readsAfter = 0;
        for (var i = -3; i < tries && !Interruption.Requested; i++)
        {
            await UntilReadSucceedsAsync(bench, client);
            using var stop = new CancellationTokenSource();
            var sent = new List<Sent>[Workers];
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => ReadUntilAsync(bench, client, sent[w] = [], stop.Token))).ToArray();
            await Task.Delay(20 + Random.Shared.Next(20));

            using (var disable = await bench.Owner.Client.PostAsync(machinePath + "/disable", null))
                if (disable.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"disable answered {(int)disable.StatusCode}");
            var returned = Stopwatch.GetTimestamp();
            var next = await ReadAsync(bench, client);
            await Task.Delay(20);
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            using (var enable = await bench.Owner.Client.PostAsync(machinePath + "/enable", null))
                if (enable.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"enable answered {(int)enable.StatusCode}");
            if (i < 0)
                continue;
            var after = sent.SelectMany(s => s).Append(next).Where(s => s.At >= returned).ToList();
            readsAfter += after.Count;
            lateSuccesses += after.Count(s => s.Status == HttpStatusCode.OK);
            latencies.Add(next.Status == HttpStatusCode.OK ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(returned, next.Answered));
            if ((i + 1) % 50 == 0)
                Console.Error.WriteLine($"revocation: {i + 1} of {tries}");
        }
        MachineState.Print("after");
        if (latencies.Count == 0)
            return 130;

        var sorted = latencies.Order().ToList();
        var p99 = Percentile.Of(sorted, 99);
        Console.WriteLine();
        Console.WriteLine(Invariant($"disable returned → a signed read sent at once, {latencies.Count} tries ({Workers} workers reading throughout):"));
        Console.WriteLine(Invariant($"  refused after   p50 {Ms(Percentile.Of(sorted, 50))}   p99 {Ms(p99)}   max {Ms(sorted[^1])}   target p99 < {TargetP99.TotalMilliseconds:0} ms: {(p99 < TargetP99 ? "met" : "missed")}"));
        Console.WriteLine(Invariant($"  successful reads started after disable returned: {lateSuccesses} of {readsAfter}   target 0: {(lateSuccesses == 0 ? "met" : "MISSED")}"));
        Console.WriteLine("Measured on this machine as loaded at the time (see above); a benchmark, not a test: no number fails it.");
        return 0;
    }

    private static string Ms(TimeSpan t) => t == TimeSpan.MaxValue ? "never" : Invariant($"{t.TotalMilliseconds:0.0} ms");

    private static async Task UntilReadSucceedsAsync(BenchSystem bench, HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            if ((await ReadAsync(bench, client)).Status == HttpStatusCode.OK)
                return;
            if (attempt > 100)
                throw new InvalidOperationException("the machine stays refused after enable");
            await Task.Delay(10);
        }
    }

    private static async Task ReadUntilAsync(BenchSystem bench, HttpClient client, List<Sent> sent, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
            sent.Add(await ReadAsync(bench, client));
    }

    private static async Task<Sent> ReadAsync(BenchSystem bench, HttpClient client)
    {
        var path = $"/v1/secret/{bench.SecretId}";
        using var request = bench.Machine.SignedRequest(HttpMethod.Get, path);
        request.RequestUri = new Uri(bench.Url("gateway"), path);
        var at = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return new Sent(at, Stopwatch.GetTimestamp(), response.StatusCode);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
