using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>The activity source and meter SikkerKey's own code reports to.</summary>
public static class SikkerKeyTelemetry
{
    public const string SourceName = "SikkerKey";
    public const string MeterName = "SikkerKey";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(MeterName);
}
