using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using SikkerKey.Testing;

namespace SikkerKey.Bench.DashboardLoad;

/// <summary>
/// The dashboard's first load in Debian's chromium: bytes over the wire (compressed bodies plus headers) and the time
/// from navigation to the Sign in form being usable, with an empty cache each time; then the same with a warm cache.
/// </summary>
internal static class DashboardLoadBench
{
    public static async Task<int> RunAsync(int samples)
    {
        var infrastructure = new IsolatedInfrastructure();
        await infrastructure.InitializeAsync();
        try
        {
            Console.Error.WriteLine("dashboard-load: starting the gateway and the four services…");
            await using var system = await SikkerKeySystem.StartAsync(infrastructure);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath(), Headless = true, Args = Chromium.Arguments });

            // The first load also pays for the gateway's JIT and disk cache: not counted.
            await LoadAsync(browser, system.Gateway.Url);
            var cold = new List<Load>();
            var warm = new List<Load>();
            for (var i = 0; i < samples; i++)
            {
                var (first, again) = await LoadAsync(browser, system.Gateway.Url);
                cold.Add(first);
                warm.Add(again);
            }
            Print("first load (empty cache)", cold);
            Print("reload (warm cache)", warm);
            Console.WriteLine("aim: first load under 3 MB and under 2 s on this machine");
            return 0;
        }
        finally
        {
            await infrastructure.DisposeAsync();
        }
    }

    private sealed record Load(double Seconds, long Bytes, int Requests);

    private static async Task<(Load First, Load Again)> LoadAsync(IBrowser browser, Uri url)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var first = await MeasureAsync(page, () => page.GotoAsync(url.ToString()));
        var again = await MeasureAsync(page, () => page.ReloadAsync());
        return (first, again);
    }

    private static async Task<Load> MeasureAsync(IPage page, Func<Task> navigate)
    {
        var sizes = new List<Task<RequestSizesResult>>();
        void Finished(object? sender, IRequest request) => sizes.Add(request.SizesAsync());
        page.RequestFinished += Finished;
        var clock = Stopwatch.StartNew();
        await navigate();
        await page.GetByLabel("Email").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        clock.Stop();
        page.RequestFinished -= Finished;
        var all = await Task.WhenAll(sizes);
        return new Load(clock.Elapsed.TotalSeconds, all.Sum(s => (long)s.ResponseBodySize + s.ResponseHeadersSize), all.Length);
    }

    private static void Print(string what, List<Load> loads)
    {
        var seconds = loads.Select(l => l.Seconds).Order().ToList();
        var bytes = loads.Select(l => l.Bytes).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: to usable Sign in median {seconds[seconds.Count / 2]:0.00} s (min {seconds[0]:0.00}, max {seconds[^1]:0.00}); " +
            $"{bytes[bytes.Count / 2] / 1024.0 / 1024.0:0.00} MB in {loads[0].Requests} requests; {loads.Count} samples"));
    }
}
