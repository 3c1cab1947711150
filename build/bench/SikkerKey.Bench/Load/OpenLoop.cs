using System.Diagnostics;
using System.Net;

namespace SikkerKey.Bench.Load;

/// <summary>
/// A steady rate of requests, each sent on its schedule whatever the ones before it are doing (an open loop), with
/// at most <see cref="MaxInFlight"/> outstanding: a system slower than the rate shows as a lower achieved rate and
/// as skipped sends, never as an unbounded queue in the bench. Runs until stopped.
/// </summary>
internal sealed class OpenLoop(HttpClient client, Func<HttpRequestMessage> build, HttpStatusCode expected, double perSecond) : IDisposable
{
    public const int MaxInFlight = 256;

    private readonly SemaphoreSlim slots = new(MaxInFlight);
    private long succeeded;
    private long failed;
    private long skipped;

    public long Succeeded => Interlocked.Read(ref succeeded);

    public long Failed => Interlocked.Read(ref failed);

    public long Skipped => Interlocked.Read(ref skipped);

    public TimeSpan Elapsed { get; private set; }

    public double AchievedPerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    public void Dispose() => slots.Dispose();

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / perSecond;
        var pending = new List<Task>();
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)((Stopwatch.GetTimestamp() - started) / interval);
            for (; sent < due; sent++)
            {
                if (!slots.Wait(0, CancellationToken.None))
                {
                    Interlocked.Increment(ref skipped);
                    continue;
                }
                pending.Add(SendAsync());
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
        try
        {
            using var request = build();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            Interlocked.Increment(ref response.StatusCode == expected ? ref succeeded : ref failed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref failed);
        }
        finally
        {
            slots.Release();
        }
    }
}
