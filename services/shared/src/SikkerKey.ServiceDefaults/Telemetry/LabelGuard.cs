using OpenTelemetry.Metrics;

namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// Every metric keeps only labels named here; any other is dropped before export. A new metric tagged with a
/// secret id, a machine id, an e-mail or an address therefore cannot reach Prometheus (nor blow up its series);
/// a label worth having must be added here, on purpose, with a bounded set of values.
/// </summary>
public static class LabelGuard
{
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        // ASP.NET Core and HttpClient: route templates, never raw paths.
        "http.route", "http.request.method", "http.response.status_code", "error.type", "url.scheme",
        // .NET runtime and process.
        "gc.heap.generation", "dotnet.gc.heap.generation", "process.cpu.state", "cpu.mode", "dotnet.assembly.name",
        // Npgsql pool: the state, never the pool name (it is the connection string without its password).
        "state", "db.client.connections.state",
        // MassTransit: message and consumer types, a bounded set fixed at compile time.
        "messaging.masstransit.message_type", "messaging.masstransit.consumer_type", "messaging.masstransit.exception_type",
        "messaging.masstransit.endpoint_address",
        // SikkerKey's own.
        "result", "reason", "status", "chain", "action", "stage", "message_type",
    };

    // A histogram keeps its instrument's bucket advice (http.server.request.duration's seconds buckets): a view
    // without boundaries of its own does not replace them.
    public static MeterProviderBuilder AddLabelGuard(this MeterProviderBuilder metrics) =>
        metrics.AddView(_ => new MetricStreamConfiguration { TagKeys = [.. Allowed] });
}
