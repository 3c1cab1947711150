using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SikkerKey.Testing;

/// <summary>
/// Stands where an OpenTelemetry collector would: accepts OTLP/HTTP protobuf exports of traces, metrics and logs
/// and keeps every payload, so tests can look at what the services really export. Protobuf keeps strings (metric
/// names, attribute values, log bodies) as plain UTF-8 bytes, so a text search of a payload finds them without
/// decoding it.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Signal, byte[] Payload)> received = new();

    private OtlpCollector(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>What a process needs to export here: the OTLP endpoint, HTTP/protobuf, metrics every half second.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Url.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
    };

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var collector = new OtlpCollector(builder.Build());
        collector.app.MapPost("/v1/{signal}", async (string signal, HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            collector.received.Enqueue((signal, body.ToArray()));
            // An empty ExportServiceResponse: protobuf's encoding of a message with no fields set.
            context.Response.ContentType = "application/x-protobuf";
            return Results.Bytes([], "application/x-protobuf");
        });
        await collector.app.StartAsync();
        collector.Url = new Uri(collector.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return collector;
    }

    /// <summary>How many payloads of a signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>) arrived.</summary>
    public int Count(string signal) => received.Count(r => r.Signal == signal);

    /// <summary>Whether any payload of <paramref name="signal"/> (or of any signal, when null) holds <paramref name="text"/>.</summary>
    public bool Contains(string text, string? signal = null)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return received.Any(r => (signal is null || r.Signal == signal) && r.Payload.AsSpan().IndexOf(needle) >= 0);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
