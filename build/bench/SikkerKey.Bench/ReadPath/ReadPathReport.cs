using System.Globalization;
using SikkerKey.Bench.Load;
using static SikkerKey.Bench.ReadPath.ReadPathScenarios;

namespace SikkerKey.Bench.ReadPath;

/// <summary>The print-out: a table per concurrency, the ratios that compare, and CPU time per request.</summary>
internal static class ReadPathReport
{
    private const int NameWidth = 46;

    public static void Print(int concurrency, ReadPathSettings settings, IReadOnlyDictionary<string, ScenarioResult> results, CpuTime idle)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"concurrency {concurrency}: each scenario {settings.Seconds:0.#} s in {ReadPathSettings.Rounds} interleaved slices, after a {ReadPathSettings.WarmUp.TotalSeconds:0} s warm-up each"));
        Console.WriteLine($"  {"",-NameWidth} {"req/s",8} {"mean ms",8} {"p50 ms",8} {"p99 ms",8} {"errors",7}  audit caught up after");
        foreach (var (name, result) in results)
        {
            var l = result.Latencies;
            var drain = result.Drains.Count == 0 ? "" : Invariant($"{result.Drains.Average(d => d.TotalSeconds):0.0} s (mean)");
            Console.WriteLine(Invariant($"  {name,-NameWidth} {l.PerSecond,8:0.0} {l.Mean,8:0.00} {l.Percentile(50),8:0.00} {l.Percentile(99),8:0.00} {l.Errors,7}  {drain}"));
        }
        foreach (var (name, result) in results.Where(r => r.Value.Latencies.FirstError is not null))
            Console.WriteLine($"  first error of {name}: {result.Latencies.FirstError}");

        Ratios(concurrency, results);
        Cpu(results, idle);
        PostgresCpu(results, idle);
        Targets(concurrency, results, idle);
    }

    /// <summary>Issue 15's targets beside what this run measured at this concurrency.</summary>
    private static void Targets(int concurrency, IReadOnlyDictionary<string, ScenarioResult> results, CpuTime idle)
    {
        var gateway = results[Gateway].Latencies;
        var idleTotal = SystemCpu.Parts.Sum(p => idle.Rate(p).TotalMilliseconds);
        var cpu = results[Gateway].SystemCpuPerRequest(idle) / 1000;
        Console.WriteLine("  issue 15 targets (measured · target · verdict):");
        void Row(string what, string measured, string target, bool met) =>
            Console.WriteLine(Invariant($"    {what,-50} {measured,14}   {target,-10} {(met ? "met" : "missed")}"));
        if (concurrency == 1)
        {
            Row("signed read via the gateway, mean", Invariant($"{gateway.Mean:0.0} ms"), "≤ 3 ms", gateway.Mean <= 3);
            Row("signed read via the gateway, p99", Invariant($"{gateway.Percentile(99):0.0} ms"), "≤ 10 ms", gateway.Percentile(99) <= 10);
        }
        else
        {
            var ratio = gateway.PerSecond / results[LiveGateway].Latencies.PerSecond;
            Row("signed read ÷ gateway /health/live, throughput", Invariant($"{ratio:0.00%}"), "≥ 10%", ratio >= 0.10);
            Row("signed read via the gateway, p99", Invariant($"{gateway.Percentile(99):0.0} ms"), "≤ 25 ms", gateway.Percentile(99) <= 25);
        }
        Row("CPU per signed read, whole system", Invariant($"{cpu:0.00} ms"), "≤ 1 ms", cpu <= 1);
        var export = results[Export].SystemCpuPerRequest(idle) / results[Gateway].SystemCpuPerRequest(idle);
        Row($"export of {ExportSize} ÷ a single read, CPU per request", Invariant($"{export:0.0}×"), "≤ 3×", export <= 3);
        var exportLatency = results[Export].Latencies.Mean / gateway.Mean;
        Row($"export of {ExportSize} ÷ a single read, mean latency", Invariant($"{exportLatency:0.0}×"), "≤ 3×", exportLatency <= 3);
        // Measured between slices, minutes after start and seconds after load: it still carries tiered recompilation and
        // PostgreSQL's after-load work, so it reads high; build/bench/idle measures the settled system the target means.
        Row("idle between rounds, CPU per second (settled: build/bench/idle)", Invariant($"{idleTotal:0} ms/s"), "≤ 30 ms/s", idleTotal <= 30);
    }

    private static void Ratios(int concurrency, IReadOnlyDictionary<string, ScenarioResult> results)
    {
        Latencies Of(string name) => results[name].Latencies;
        var (verify, secrets, gateway) = (Of(Verify), Of(Secrets), Of(Gateway));
        Console.WriteLine("  ratios (same run):");
        Console.WriteLine(Invariant(
            $"    signed read, gateway ÷ straight to secrets:  latency ×{gateway.Mean / secrets.Mean:0.00} mean, ×{gateway.Percentile(99) / secrets.Percentile(99):0.00} p99; throughput ×{gateway.PerSecond / secrets.PerSecond:0.00}"));
        if (concurrency == 1)
        {
            // Only without queueing do the latencies of the parts add up to the whole.
            var own = gateway.Mean - verify.Mean - secrets.Mean;
            Console.WriteLine(Invariant(
                $"    gateway's mean {gateway.Mean:0.00} ms = verify {verify.Mean:0.00} ({Share(verify.Mean, gateway.Mean)}) + secrets {secrets.Mean:0.00} ({Share(secrets.Mean, gateway.Mean)}) + the rest {own:0.00} ms ({Share(own, gateway.Mean)}: the gateway's own work and its two extra round trips, scheduling waits included)"));
        }
        Console.WriteLine(Invariant(
            $"    bare YARP hop, login {{}} via gateway ÷ straight to identity:  latency ×{Of(LoginGateway).Mean / Of(LoginIdentity).Mean:0.00} mean; throughput ×{Of(LoginGateway).PerSecond / Of(LoginIdentity).PerSecond:0.00}"));
        Console.WriteLine(Invariant(
            $"    /health/live, gateway ÷ secrets service:  latency ×{Of(LiveGateway).Mean / Of(LiveService).Mean:0.00} mean (the gateway answers it itself: no hop, a Kestrel baseline)"));
    }

    private static void Cpu(IReadOnlyDictionary<string, ScenarioResult> results, CpuTime idle)
    {
        string[] columns = ["gateway", "identity", "secrets", "audit", SystemCpu.Postgres, SystemCpu.RabbitMq];
        Console.WriteLine("  CPU µs per request by process, beyond its idle rate (measured between rounds), during the slices and the audit catching up:");
        Console.WriteLine($"    {"",-NameWidth}{string.Concat(columns.Select(c => $"{c,9}"))} {"system",9} {"load gen",9}");
        foreach (var (name, result) in results)
        {
            var parts = string.Concat(columns.Select(c => Invariant($"{result.CpuPerRequest(c, idle),9:0}")));
            Console.WriteLine(Invariant($"    {name,-NameWidth}{parts} {result.SystemCpuPerRequest(idle),9:0} {result.CpuPerRequest(SystemCpu.Bench, idle),9:0}"));
        }
        var rates = string.Concat(columns.Select(c => Invariant($"{idle.Rate(c).TotalMilliseconds,9:0}")));
        Console.WriteLine(Invariant($"    {"idle rate subtracted, CPU ms per second",-NameWidth}{rates}"));
        Console.WriteLine(Invariant(
            $"    the gateway's CPU per proxied login {{}}: {results[LoginGateway].CpuPerRequest("gateway", idle):0} µs (Kestrel, YARP, access log; PRODUCT.md counts ~50 µs for the hop alone)"));
    }

    /// <summary>PostgreSQL's share of the scenarios that touch it, taken apart by backend (the service whose connection it serves) and background process.</summary>
    private static void PostgresCpu(IReadOnlyDictionary<string, ScenarioResult> results, CpuTime idle)
    {
        const int Columns = 9;
        string[] scenarios = [Verify, Secrets, Gateway, Export];
        var labels = results[Gateway].Cpu.Parts.Where(p => p.StartsWith(ReadPathBench.PostgresPrefix, StringComparison.Ordinal))
            .OrderByDescending(p => results[Gateway].CpuPerRequest(p, idle)).Take(Columns).ToList();
        Console.WriteLine("  PostgreSQL's CPU µs per request by process (client backends by the service they serve), beyond its idle rate:");
        Console.WriteLine($"    {"",-NameWidth}{string.Concat(labels.Select(l => $"{Short(l),12}"))}");
        foreach (var name in scenarios)
            Console.WriteLine(Invariant($"    {name,-NameWidth}{string.Concat(labels.Select(l => Invariant($"{results[name].CpuPerRequest(l, idle),12:0}")))}"));
    }

    /// <summary>"pg client: sikkerkey-secrets" → "secrets", "pg walwriter" → "walwriter".</summary>
    private static string Short(string label)
    {
        var name = label[ReadPathBench.PostgresPrefix.Length..].Replace("client: ", "", StringComparison.Ordinal);
        name = name.StartsWith("sikkerkey-", StringComparison.Ordinal) ? name["sikkerkey-".Length..] : name;
        return name.Length > 11 ? name[..11] : name;
    }

    private static string Share(double part, double whole) => Invariant($"{part / whole:0%}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
