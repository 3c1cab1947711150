using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace SikkerKey.Testing;

/// <summary>
/// An OTLP/HTTP endpoint that keeps every export it receives (traces, metrics, logs) as raw protobuf. Protobuf stores
/// strings verbatim, so a search of the bytes finds any span attribute, log line or resource value without decoding.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> exports = new();
    private Task accepting = Task.CompletedTask;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every export so far: the path it was posted to (<c>/v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>) and its body.</summary>
    public IReadOnlyList<(string Signal, byte[] Body)> Exports => exports.ToArray();

    /// <summary>Configuration that makes a SikkerKey process export here, often enough for a test to wait on it.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Url.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "250",
        // Keep every span: the default queue (2,048) drops spans when a loaded machine exports slower than tests make them.
        ["OTEL_BSP_MAX_QUEUE_SIZE"] = "65536",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "250",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "2000",
    };

    public static OtlpCollector Start()
    {
        var collector = new OtlpCollector();
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            collector.Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }
        collector.listener.Prefixes.Add(collector.Url.ToString());
        collector.listener.Start();
        collector.accepting = Task.Run(collector.AcceptAsync);
        return collector;
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream;
            await input.CopyToAsync(body);
            exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            // An empty body is an empty Export…ServiceResponse: everything accepted.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    /// <summary>Every span exported so far, from every process, decoded (<see cref="OtlpSpans"/>).</summary>
    public IReadOnlyList<ExportedSpan> Spans() => Exports.Where(e => e.Signal == "/v1/traces").SelectMany(e => OtlpSpans.Decode(e.Body)).ToList();

    /// <summary>How many exports of a signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>) arrived.</summary>
    public int Count(string signal) => Exports.Count(e => e.Signal == "/v1/" + signal);

    /// <summary>Whether any export of <paramref name="signal"/> (of any signal, when null) holds <paramref name="text"/> as UTF-8.</summary>
    public bool Contains(string text, string? signal = null)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Exports.Any(e => (signal is null || e.Signal == "/v1/" + signal) && e.Body.AsSpan().IndexOf(needle) >= 0);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await accepting;
    }
}
