using System.Diagnostics;
using System.Net;

namespace SikkerKey.Bench.Scale;

/// <summary>One request at a time, after a warm-up, timed end to end through the gateway; the median of the samples.</summary>
internal static class Timing
{
    public static async Task<double> MedianAsync(HttpClient client, Func<HttpRequestMessage> build, int samples, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await SendAsync(client, build, expected);
        var milliseconds = new List<double>(samples);
        for (var i = 0; i < samples && !Interruption.Requested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await SendAsync(client, build, expected);
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return Load.Percentile.Of(milliseconds.Order().ToList(), 50);
    }

    /// <summary>
    /// The call and a single signed read taken in turns, each sample of one right after a sample of the other, so a
    /// loaded machine's swings touch both alike: the medians of both.
    /// </summary>
    /// <param name="settle">Awaited before each sample of the call (not timed): lets the work an earlier sample left in the
    /// background finish, so each sample measures the call, not its predecessor's backlog.</param>
    public static async Task<Measured> BesideReadAsync(HttpClient client, Func<HttpRequestMessage> build, Func<HttpRequestMessage> read, int samples,
        Func<Task>? settle = null)
    {
        await SendAsync(client, build);
        await SendAsync(client, read);
        var calls = new List<double>(samples);
        var reads = new List<double>(samples);
        for (var i = 0; i < samples && !Interruption.Requested; i++)
        {
            if (settle is not null)
                await settle();
            var started = Stopwatch.GetTimestamp();
            await SendAsync(client, build);
            calls.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await SendAsync(client, read);
            reads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new Measured(Load.Percentile.Of(calls.Order().ToList(), 50), Load.Percentile.Of(reads.Order().ToList(), 50));
    }

    public static async Task<string> SendAsync(HttpClient client, Func<HttpRequestMessage> build, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = build();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected ? body
            : throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
    }
}
