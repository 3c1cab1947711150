using System.Diagnostics;
using System.Net.Http.Json;
using SikkerKey.Bench.Load;
using static System.FormattableString;

namespace SikkerKey.Bench.Idle;

/// <summary>
/// What the whole system spends doing nothing: after a warm-up that touches every service (signed reads, a Docker
/// provisioning and its download, the audit log) and a settling time, CPU ms per second of every process over several
/// long windows, each printed with the machine's load, and PostgreSQL's share taken apart by backend.
/// </summary>
internal static class IdleBench
{
    public static async Task<int> RunAsync(IdleSettings settings)
    {
        await using var bench = await BenchSystem.StartAsync("idle");
        var cpu = new SystemCpu(BenchSystem.PostgresPort(), SystemCpu.RabbitPid(Environment.GetEnvironmentVariable("SIKKERKEY_DATA") ?? "",
            Environment.GetEnvironmentVariable("SIKKERKEY_RABBIT_NODE") ?? ""));
        var backends = bench.PostgresBackends();

        await WarmUpAsync(bench);
        Console.Error.WriteLine(Invariant($"idle: warmed up; settling for {settings.Settle.TotalSeconds:0} s"));
        await Task.Delay(settings.Settle);

        MachineState.Print("before");
        Console.WriteLine(Invariant($"idle system, CPU ms per second, {settings.Windows} windows of {settings.Window.TotalSeconds:0} s after {settings.Settle.TotalSeconds:0} s settling:"));
        Console.WriteLine("  " + string.Concat(SystemCpu.Parts.Select(p => $"{p,13}")) + $"{"total",10}   load average");
        var total = new CpuTime();
        var windows = new List<CpuTime>();
        var postgres = new Dictionary<string, TimeSpan>();
        for (var i = 0; i < settings.Windows && !Interruption.Requested; i++)
        {
            var before = cpu.Snapshot();
            var window = Stopwatch.StartNew();
            foreach (var (label, time) in await backends.MeasureAsync(settings.Window))
                postgres[label] = postgres.GetValueOrDefault(label) + time;
            var spent = SystemCpu.Difference(cpu.Snapshot(), before);
            var one = new CpuTime();
            one.Add(spent, window.Elapsed);
            total.Add(spent, window.Elapsed);
            windows.Add(one);
            Console.WriteLine(Row($"  window {i + 1}", one) + "   " + LoadAverage());
        }
        Console.WriteLine(Row("  mean", total));
        // A neighbour's burst on a shared machine, or start-up work not yet settled, shows as one odd window; the median holds.
        if (windows.Count > 1)
            Console.WriteLine(Row("  median", windows.OrderBy(Total).ElementAt(windows.Count / 2)));
        Console.WriteLine("  PostgreSQL by process, CPU ms per second over all windows:");
        foreach (var (label, time) in postgres.Where(p => p.Value > TimeSpan.Zero).OrderByDescending(p => p.Value))
            Console.WriteLine(Invariant($"    {label,-48}{time.TotalMilliseconds / total.Window.TotalSeconds,8:0.0}"));
        MachineState.Print("after");
        Console.WriteLine("Target (issue 15): idle system ≤ 30 ms CPU per second in total. A benchmark, not a test: no number fails it.");
        return 0;
    }

    private static double Total(CpuTime cpu) => SystemCpu.Parts.Sum(p => cpu.Rate(p).TotalMilliseconds);

    private static string Row(string name, CpuTime cpu) =>
        name.PadRight(2) + string.Concat(SystemCpu.Parts.Select(p => Invariant($"{cpu.Rate(p).TotalMilliseconds,13:0.0}")))
        + Invariant($"{Total(cpu),10:0.0}");

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>Every service does its start-up work and JIT-compiles its paths before anything is measured.</summary>
    private static async Task WarmUpAsync(BenchSystem bench)
    {
        Console.Error.WriteLine("idle: warming up (signed reads, a provisioning and its download, the audit log)");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; i < 50; i++)
        {
            using var request = bench.Machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{bench.SecretId}");
            request.RequestUri = new Uri(bench.Url("gateway"), $"/v1/secret/{bench.SecretId}");
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
        using (var provisioned = await bench.Owner.Client.PostAsJsonAsync("/api/integrations/docker/containers",
                   new { projectId = bench.ProjectId, secretIds = new[] { bench.SecretId } }))
        {
            var body = await Testing.UserSession.ReadSuccessAsync(provisioned);
            using var download = await bench.Owner.Client.GetAsync(body.GetProperty("downloadUrl").GetString());
            download.EnsureSuccessStatusCode();
        }
        await AuditProbe.CreateProjectAndWaitAsync(bench.Owner, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(5));
    }
}
