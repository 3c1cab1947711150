using System.Diagnostics;
using System.Globalization;
using SikkerKey.Bench.Load;

namespace SikkerKey.Bench.AuditLag;

/// <summary>
/// What the load beside the probes achieved (rate, latency, why requests failed) and whether every read answered 200
/// is in the audit log exactly once, counted once the log has caught up or stopped growing.
/// </summary>
internal static class LoadReport
{
    public static async Task PrintAsync(BenchSystem bench, AuditLagSettings settings, OpenLoop load)
    {
        var asked = settings.ReadsPerSecond;
        var l = load.Latencies;
        Console.WriteLine();
        Console.WriteLine(Invariant($"Load meanwhile: signed GET /v1/secret/{{id}} through the gateway, {asked:0}/s asked for {load.Elapsed.TotalSeconds:0} s, at most {load.MaxInFlight} in flight:"));
        Console.WriteLine(Invariant($"  answered 200: {load.Succeeded} ({load.AchievedPerSecond:0.0}/s; latency mean {l.Mean:0} ms, p50 {l.Percentile(50):0} ms, p99 {l.Percentile(99):0} ms)"));
        Console.WriteLine(Invariant($"  rate not reached: {load.NotStarted} reads not started when due ({load.MaxInFlight} still in flight)   target rate {asked:0}/s: {(load.AchievedPerSecond >= asked * 0.98 ? "met" : "missed")}"));
        Console.WriteLine(Invariant($"  failed: {load.Failed}{(load.Failed > 0 ? ", by reason:" : "")}"));
        foreach (var (reason, count) in load.Failures.ByCount())
            Console.WriteLine(Invariant($"    {count,7} × {reason}"));

        var (recorded, distinct, settled, waited) = await CountAuditedAsync(bench, load);
        var lost = Math.Max(0, load.Succeeded - recorded);
        var extra = Math.Max(0, recorded - load.Succeeded - load.Failed) + (recorded - distinct);
        Console.WriteLine(Invariant($"  secret_read entries of the loaded machine in the audit log: {recorded} ({distinct} distinct) for {load.Succeeded} reads answered 200 and {load.Failed} failed (a failed read may or may not have been served){(settled ? "" : $"; still growing after {AuditLagSettings.CatchUpLimit.TotalMinutes:0} min")}"));
        if (recorded >= load.Succeeded)
            Console.WriteLine(Invariant($"  the audit log held every read answered 200 {waited.TotalSeconds:0.0} s after the load stopped (the backlog the pipeline still had then)"));
        Console.WriteLine(Invariant($"  facts lost: {lost}   facts duplicated: {extra}   target 0 and 0: {(lost == 0 && extra == 0 ? "met" : "MISSED")}"));
    }

    /// <summary>Every read answered 200 committed its fact first; waits until the audit log holds as many, or stops growing.</summary>
    private static async Task<(long Recorded, long Distinct, bool Settled, TimeSpan Waited)> CountAuditedAsync(BenchSystem bench, OpenLoop load)
    {
        await using var connection = await bench.OpenDatabaseAsync();
        long recorded = -1, distinct = -1;
        var caughtUp = TimeSpan.Zero;
        var unchanged = Stopwatch.StartNew();
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < AuditLagSettings.CatchUpLimit)
        {
            await using var count = new Npgsql.NpgsqlCommand(
                "SELECT count(*), count(DISTINCT id) FROM audit.mt_doc_auditentry WHERE data->>'MachineId' = @machine AND data->>'Action' = 'secret_read'", connection);
            count.Parameters.AddWithValue("machine", bench.Machine.Id.ToString());
            await using (var reader = await count.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                var now = reader.GetInt64(0);
                if (now != recorded)
                    unchanged.Restart();
                recorded = now;
                distinct = reader.GetInt64(1);
            }
            if (recorded < load.Succeeded)
                caughtUp = waiting.Elapsed;
            if (recorded >= load.Succeeded + load.Failed || unchanged.Elapsed > AuditLagSettings.SettledAfter)
                return (recorded, distinct, true, caughtUp);
            await Task.Delay(250);
        }
        return (recorded, distinct, false, caughtUp);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
