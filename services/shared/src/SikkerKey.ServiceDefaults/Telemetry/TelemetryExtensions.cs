using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs for gateway → service → bus → database. Exported over OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured, so a laptop run has no collector to start; metrics also on
/// <c>/metrics</c> for Prometheus when a scrape token is configured (<see cref="MetricsEndpointExtensions"/>).
/// </summary>
public static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddSikkerKeyTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            // Formatted messages only: structured state could carry request values.
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });

        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        var scraped = (builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions()).ResolveToken() is not null;
        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddMeter("Marten", "Npgsql", InstrumentationOptions.MeterName, SikkerKeyTelemetry.MeterName)
                    .AddLabelGuard();
                // Next to OTLP, not instead: Prometheus pulls what OTLP pushes.
                if (scraped)
                    metrics.AddPrometheusExporter();
            })
            .WithTracing(tracing => tracing
                .SetSampler(new AlwaysOnSampler())
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(DiagnosticHeaders.DefaultListenerName, "Marten", "Npgsql", SikkerKeyTelemetry.SourceName));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
        return builder;
    }
}
