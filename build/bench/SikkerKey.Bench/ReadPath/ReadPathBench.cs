using System.Diagnostics;
using Npgsql;
using SikkerKey.Bench.Load;

namespace SikkerKey.Bench.ReadPath;

/// <summary>
/// Runs every scenario at each concurrency in interleaved slices, each after a warm-up, and after any slice that
/// left audit facts waits for the audit log to catch up, so no scenario pays for the one before it.
/// </summary>
internal static class ReadPathBench
{
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(ReadPathSettings settings)
    {
        Console.Error.WriteLine("read-path: starting the gateway and the four services…");
        await using var bench = await BenchSystem.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var cpu = new SystemCpu(PostgresPort(), SystemCpu.RabbitPid(Environment.GetEnvironmentVariable("SIKKERKEY_DATA") ?? "",
            Environment.GetEnvironmentVariable("SIKKERKEY_RABBIT_NODE") ?? ""));
        var scenarios = ReadPathScenarios.Create(bench);

        ReadPathReport.Machine("before");
        foreach (var concurrency in settings.Concurrencies)
        {
            var results = scenarios.ToDictionary(s => s.Name, _ => new ScenarioResult());
            var idle = new CpuTime();
            for (var round = 0; round < ReadPathSettings.Rounds; round++)
            {
                await MeasureIdleAsync(cpu, idle, settings.Slice);
                // Each round starts with another scenario, so none always runs right after the same one.
                foreach (var scenario in scenarios.Skip(round).Concat(scenarios.Take(round)))
                {
                    if (Interruption.Requested)
                        return 130;
                    Console.Error.WriteLine($"read-path: concurrency {concurrency}, round {round + 1}: {scenario.Name}");
                    if (round == 0)
                    {
                        await ClosedLoop.RunAsync(client, scenario, concurrency, ReadPathSettings.WarmUp);
                        await DrainAsync(bench, scenario);
                    }
                    var before = cpu.Snapshot();
                    var window = Stopwatch.StartNew();
                    var slice = await ClosedLoop.RunAsync(client, scenario, concurrency, settings.Slice);
                    var drain = await DrainAsync(bench, scenario);
                    results[scenario.Name].Add(slice, SystemCpu.Difference(cpu.Snapshot(), before), window.Elapsed, drain);
                }
            }
            ReadPathReport.Print(concurrency, settings, results, idle);
        }
        ReadPathReport.Machine("after");
        return 0;
    }

    /// <summary>What the system spends with no request at all (health checks, daemons, heartbeats), to subtract.</summary>
    private static async Task MeasureIdleAsync(SystemCpu cpu, CpuTime idle, TimeSpan duration)
    {
        var before = cpu.Snapshot();
        var window = Stopwatch.StartNew();
        await Task.Delay(duration);
        idle.Add(SystemCpu.Difference(cpu.Snapshot(), before), window.Elapsed);
    }

    private static async Task<TimeSpan?> DrainAsync(BenchSystem bench, Scenario scenario) =>
        scenario.MakesAuditFacts ? (await AuditProbe.CreateProjectAndWaitAsync(bench.Owner, DrainPoll, DrainTimeout)).SinceAcknowledged : null;

    private static int PostgresPort() =>
        new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("SIKKERKEY_TEST_POSTGRES")).Port;
}
