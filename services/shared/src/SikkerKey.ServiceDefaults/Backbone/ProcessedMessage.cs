namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>Marks one message as handled by one receive endpoint; its id is <c>endpoint/messageId</c>.</summary>
public sealed class ProcessedMessage
{
    public required string Id { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
