using System.Diagnostics;

namespace SikkerKey.Bench.Load;

/// <summary>
/// A fixed number of workers, each sending its next request as soon as the last one answered, for a while.
/// Requests in flight when time is up are waited for, never cancelled, so none turns into a false error.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<Latencies> RunAsync(HttpClient client, Scenario scenario, int concurrency, TimeSpan duration)
    {
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Latencies()).ToList();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select(w => Task.Run(() => WorkAsync(client, scenario, w, deadline))));

        var total = new Latencies();
        workers.ForEach(total.Add);
        total.Took(Stopwatch.GetElapsedTime(started));
        return total;
    }

    private static async Task WorkAsync(HttpClient client, Scenario scenario, Latencies latencies, long deadline)
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var request = scenario.Build();
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == scenario.Expected)
                    latencies.Succeeded(Stopwatch.GetElapsedTime(sent));
                else
                    latencies.Failed($"{(int)response.StatusCode}: {body}");
            }
            catch (HttpRequestException ex)
            {
                latencies.Failed(ex.Message);
            }
            catch (TaskCanceledException ex)
            {
                latencies.Failed(ex.Message);
            }
        }
    }
}
