namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// A singleton whose constructor creates observable gauges (read from PostgreSQL at each scrape). Every one
/// registered is resolved when <c>/metrics</c> is mapped, so its gauges exist from the first scrape on.
/// </summary>
public interface IObservedMetrics;
