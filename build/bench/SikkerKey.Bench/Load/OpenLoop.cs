using System.Diagnostics;
using System.Net;

namespace SikkerKey.Bench.Load;

/// <summary>
/// A steady rate of requests, each started on its schedule whatever the ones before it are doing (an open loop), with
/// at most <paramref name="maxInFlight"/> outstanding. A request whose slot is not free when it is due is not sent and
/// counts as the rate not reached, never as a failure: a system slower than the rate shows as a lower achieved rate,
/// not as a queue in the bench that makes every later request late. Runs until stopped.
/// </summary>
internal sealed class OpenLoop(HttpClient client, Func<HttpRequestMessage> build, HttpStatusCode expected, double perSecond, int maxInFlight) : IDisposable
{
    private readonly SemaphoreSlim slots = new(maxInFlight);
    private readonly Latencies latencies = new();
    private long succeeded;
    private long notStarted;

    public long Succeeded => Interlocked.Read(ref succeeded);

    public FailureTally Failures { get; } = new();

    public long Failed => Failures.Total;

    public int MaxInFlight => maxInFlight;

    /// <summary>Requests due that were not sent because <see cref="MaxInFlight"/> were still outstanding.</summary>
    public long NotStarted => Interlocked.Read(ref notStarted);

    public TimeSpan Elapsed { get; private set; }

    public double AchievedPerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    /// <summary>Latencies of the requests answered as expected; read it once <see cref="RunAsync"/> has returned.</summary>
    public Latencies Latencies => latencies;

    public void Dispose() => slots.Dispose();

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / perSecond;
        var pending = new List<Task>();
        long due = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var now = (long)((Stopwatch.GetTimestamp() - started) / interval); due < now; due++)
            {
                if (slots.Wait(0, CancellationToken.None))
                    pending.Add(SendAsync());
                else
                    Interlocked.Increment(ref notStarted);
            }
            pending.RemoveAll(t => t.IsCompleted);
            try
            {
                await Task.Delay(2, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Elapsed = Stopwatch.GetElapsedTime(started);
        await Task.WhenAll(pending);
    }

    private async Task SendAsync()
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var request = build();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                Interlocked.Increment(ref succeeded);
                lock (latencies)
                    latencies.Succeeded(Stopwatch.GetElapsedTime(sent));
            }
            else
                Failures.Response(response.StatusCode, body, response.Headers.RetryAfter is not null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Failures.Exception(ex);
        }
        finally
        {
            slots.Release();
        }
    }
}
