using System.Diagnostics;
using SikkerKey.Bench.Load;
using SikkerKey.Bench.Scale;

namespace SikkerKey.Bench.ReadPath;

/// <summary>
/// Runs every scenario at each concurrency in interleaved slices after a warm-up, measures the idle system between
/// rounds, and after any slice that left audit facts waits for the audit log to catch up, so no scenario pays for
/// the one before it.
/// </summary>
internal sealed class ReadPathBench(BenchSystem bench, HttpClient client, SystemCpu cpu, PostgresBackends backends, ReadPathSettings settings, IReadOnlyList<Scenario> scenarios)
{
    /// <summary>PostgreSQL's processes are sampled this often to split its CPU by backend (a backend lives for many slices).</summary>
    private static readonly TimeSpan BackendSample = TimeSpan.FromMilliseconds(500);

    /// <summary>Parts of <see cref="CpuTime"/> that take PostgreSQL's CPU apart by process, beside the whole-process parts.</summary>
    public const string PostgresPrefix = "pg ";

    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(ReadPathSettings settings)
    {
        await using var bench = await BenchSystem.StartAsync("read-path");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var cpu = new SystemCpu(BenchSystem.PostgresPort(), SystemCpu.RabbitPid(Environment.GetEnvironmentVariable("SIKKERKEY_DATA") ?? "",
            Environment.GetEnvironmentVariable("SIKKERKEY_RABBIT_NODE") ?? ""));
        var exported = await ScaleSeeding.ProjectAsync(bench.Owner, ReadPathScenarios.ExportSize);
        using var exporter = await ScaleSeeding.MachineForAsync(bench.System, bench.Owner, exported);
        var backends = bench.PostgresBackends();
        var run = new ReadPathBench(bench, client, cpu, backends, settings, ReadPathScenarios.Create(bench, exporter, exported.Id));

        MachineState.Print("before");
        await using var memory = new MemoryPeaks();
        foreach (var concurrency in settings.Concurrencies)
        {
            var (results, idle) = await run.MeasureAsync(concurrency);
            if (Interruption.Requested)
                return 130;
            ReadPathReport.Print(concurrency, settings, results, idle);
        }
        await memory.StopAsync();
        memory.Print("over the whole run");
        LogProblems.Print(bench.System);
        MachineState.Print("after");
        return 0;
    }

    private async Task<(Dictionary<string, ScenarioResult> Results, CpuTime Idle)> MeasureAsync(int concurrency)
    {
        var results = scenarios.ToDictionary(s => s.Name, _ => new ScenarioResult());
        var idle = new CpuTime();
        await WarmUpAsync(concurrency);
        for (var round = 0; round < ReadPathSettings.Rounds; round++)
        {
            await MeasureIdleAsync(idle);
            // Each round starts with another scenario, so none always runs right after the same one.
            foreach (var scenario in scenarios.Skip(round).Concat(scenarios.Take(round)).TakeWhile(_ => !Interruption.Requested))
            {
                Console.Error.WriteLine($"read-path: concurrency {concurrency}, round {round + 1}: {scenario.Name}");
                var before = cpu.Snapshot();
                var window = Stopwatch.StartNew();
                var measured = MeasureAsync(scenario, concurrency);
                var postgres = await backends.MeasureWhileAsync(measured, BackendSample);
                var (slice, drain) = await measured;
                results[scenario.Name].Add(slice, WithBackends(SystemCpu.Difference(cpu.Snapshot(), before), postgres), window.Elapsed, drain);
            }
        }
        return (results, idle);
    }

    private async Task<(Latencies Slice, TimeSpan? Drain)> MeasureAsync(Scenario scenario, int concurrency)
    {
        var slice = await ClosedLoop.RunAsync(client, scenario, concurrency, settings.Slice);
        return (slice, await DrainAsync(scenario));
    }

    private static Dictionary<string, TimeSpan> WithBackends(Dictionary<string, TimeSpan> cpu, Dictionary<string, TimeSpan> postgres)
    {
        foreach (var (label, time) in postgres)
            cpu[PostgresPrefix + label] = time;
        return cpu;
    }

    /// <summary>All scenarios warm before the first idle measurement, which would otherwise take in JIT and start-up work.</summary>
    private async Task WarmUpAsync(int concurrency)
    {
        foreach (var scenario in scenarios.TakeWhile(_ => !Interruption.Requested))
        {
            Console.Error.WriteLine($"read-path: concurrency {concurrency}, warming up: {scenario.Name}");
            await ClosedLoop.RunAsync(client, scenario, concurrency, ReadPathSettings.WarmUp);
            await DrainAsync(scenario);
        }
    }

    /// <summary>What the system spends with no request at all (health checks, daemons, heartbeats), to subtract.</summary>
    private async Task MeasureIdleAsync(CpuTime idle)
    {
        var before = cpu.Snapshot();
        var window = Stopwatch.StartNew();
        var postgres = await backends.MeasureWhileAsync(Task.Delay(settings.Slice), BackendSample);
        idle.Add(WithBackends(SystemCpu.Difference(cpu.Snapshot(), before), postgres), window.Elapsed);
    }

    private async Task<TimeSpan?> DrainAsync(Scenario scenario) =>
        scenario.MakesAuditFacts ? (await AuditProbe.CreateProjectAndWaitAsync(bench.Owner, DrainPoll, DrainTimeout)).SinceAcknowledged : null;
}
