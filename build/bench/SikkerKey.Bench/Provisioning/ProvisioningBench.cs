using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using SikkerKey.Bench.Load;
using SikkerKey.Testing;

namespace SikkerKey.Bench.Provisioning;

/// <summary>
/// Docker provisionings through the gateway (<c>POST /api/integrations/docker/containers</c>), a fleet at a time at
/// each concurrency, each fleet in a vault of its own whose quota holds it: provisionings/s, latency, and every
/// answer that was not a 201 (there should be none).
/// </summary>
internal static class ProvisioningBench
{
    public static async Task<int> RunAsync(ProvisioningSettings settings)
    {
        Console.Error.WriteLine("provisioning: starting the gateway and the four services…");
        await using var infrastructure = new IsolatedInfrastructure();
        await infrastructure.InitializeAsync();
        var quota = settings.Fleet + ProvisioningSettings.WarmUp;
        await using var system = await SikkerKeySystem.StartAsync(infrastructure,
            environment: new Dictionary<string, string> { ["SikkerKey__Plan__DefaultMachineQuota"] = quota.ToString(CultureInfo.InvariantCulture) });
        MachineState.Print("before");

        Console.WriteLine();
        Console.WriteLine($"{settings.Fleet} Docker provisionings per row through the gateway, each row a new vault (quota {quota}):");
        Console.WriteLine($"  {"in flight",9} {"per s",8} {"mean ms",8} {"p50 ms",8} {"p99 ms",8}  not 201");
        foreach (var concurrency in settings.Concurrencies)
        {
            if (Interruption.Requested)
                break;
            var (latencies, refusals) = await ProvisionFleetAsync(system, settings.Fleet, concurrency);
            var others = refusals.Count == 0 ? "none" : string.Join(", ", refusals.GroupBy(r => r).Select(g => $"{g.Key} ×{g.Count()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {concurrency,9} {latencies.PerSecond,8:0.0} {latencies.Mean,8:0} {latencies.Percentile(50),8:0} {latencies.Percentile(99),8:0}  {others}"));
        }
        MachineState.Print("after");
        Console.WriteLine("Measured on this machine as loaded at the time (see above); a benchmark, not a test: no number fails it.");
        return 0;
    }

    private static async Task<(Latencies Latencies, List<string> Refusals)> ProvisionFleetAsync(SikkerKeySystem system, int fleet, int concurrency)
    {
        using var owner = await UserSession.SignUpAsync(system, "Fleet");
        var project = await BenchSystem.CreateAsync(owner, "/api/projects", new { name = "fleet" });
        var secret = await BenchSystem.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "DATABASE_URL", value = "postgres://fleet@db/fleet" });
        var body = new { projectId = project, secretIds = new[] { secret } };
        for (var i = 0; i < ProvisioningSettings.WarmUp; i++)
            (await owner.Client.PostAsJsonAsync("/api/integrations/docker/containers", body)).Dispose();

        var latencies = new Latencies();
        var refusals = new List<string>();
        using var gate = new SemaphoreSlim(concurrency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, fleet).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await owner.Client.PostAsJsonAsync("/api/integrations/docker/containers", body);
                lock (latencies)
                {
                    if (response.StatusCode == HttpStatusCode.Created)
                        latencies.Succeeded(Stopwatch.GetElapsedTime(sent));
                    else
                        refusals.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        latencies.Took(Stopwatch.GetElapsedTime(started));
        return (latencies, refusals);
    }
}
