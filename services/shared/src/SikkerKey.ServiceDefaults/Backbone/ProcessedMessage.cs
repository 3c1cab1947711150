using System.Diagnostics.Metrics;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>Marks one message as handled by one receive endpoint; its id is <c>endpoint/messageId</c>.</summary>
public sealed class ProcessedMessage
{
    public required string Id { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }

    public static string KeyFor(string endpoint, Guid messageId) => $"{endpoint}/{messageId:N}";

    /// <summary>Counted by <see cref="IdempotencyFilter{T}"/> and by consumers that keep their markers themselves.</summary>
    public static readonly Counter<long> DuplicatesSkipped = SikkerKeyTelemetry.Meter.CreateCounter<long>(
        "sikkerkey.bus.duplicates_skipped", description: "Messages delivered again and skipped because they were already handled");
}
