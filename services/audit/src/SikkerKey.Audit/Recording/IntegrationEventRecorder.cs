using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using SikkerKey.Contracts;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Audit.Recording;

/// <summary>
/// Consumes every integration event, whatever its type: RabbitMQ binds each published type's exchange to
/// <see cref="IIntegrationEvent"/>'s, so a contract added tomorrow arrives here without a new consumer. Each fact is
/// read from the message's JSON by convention; its id is the message id, or one derived from it for each fact of a batch
/// contract (an export's <c>SecretsRead</c>).
/// Messages come in batches (issue 15: a commit per read fact was most of the audit service's cost under load): one
/// lookup of their processed-message markers, then every new fact and its marker in one commit, so a redelivery
/// records nothing; a marker that collides with a concurrent delivery fails the batch, which is retried and then
/// skips what was recorded. A batch's facts are one event stream, keyed by its first fact's id: a stream per fact cost
/// PostgreSQL a <c>mt_quick_append_events</c> call and a stream row for every read (issue 15). The stream means nothing
/// else; the log is ordered by the projection and retention deletes facts one by one (<see cref="Retention.RetentionSweeper"/>).
/// </summary>
public sealed class IntegrationEventRecorder(IDocumentSession session, TimeProvider time, ILogger<IntegrationEventRecorder> logger)
    : IConsumer<Batch<IIntegrationEvent>>
{
    public const int MessageLimit = 100;

    /// <summary>How long a partial batch waits for more: a small share of the audit log's 1 s latency goal.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(20);

    public async Task Consume(ConsumeContext<Batch<IIntegrationEvent>> context)
    {
        var messages = new Dictionary<string, ConsumeContext<IIntegrationEvent>>();
        foreach (var message in context.Message)
        {
            var messageId = message.MessageId ?? throw new InvalidOperationException("an integration event arrived without a message id");
            messages.TryAdd(ProcessedMessage.KeyFor(message.ReceiveContext.InputAddress.AbsolutePath.Trim('/'), messageId), message);
        }
        var processed = (await session.LoadManyAsync<ProcessedMessage>(context.CancellationToken, messages.Keys.ToArray())).Select(m => m.Id).ToHashSet();
        var now = time.GetUtcNow();
        var facts = new List<object>();
        foreach (var (marker, message) in messages)
        {
            var type = FactReader.TypeNameOf(message.SupportedMessageTypes.First());
            if (processed.Contains(marker))
            {
                ProcessedMessage.DuplicatesSkipped.Add(1, SikkerKeyMetrics.Label("message_type", nameof(IIntegrationEvent)));
                logger.LogInformation("Skipped message {MessageId} ({MessageType}): {Endpoint} already handled it", message.MessageId, type, marker[..marker.LastIndexOf('/')]);
                continue;
            }
            // A message whose body cannot be read is still a fact that happened: recorded by its type alone.
            if (!message.SerializerContext.TryGetMessage<JsonObject>(out var body) || body is null)
                body = [];
            facts.AddRange(FactReader.ReadAll(message.MessageId!.Value, type, body, now));
            session.Insert(new ProcessedMessage { Id = marker, ProcessedAt = now });
        }
        // Keyed by a fact id, which is recorded once: a concurrent delivery of the same message collides here or on its marker.
        if (facts.Count > 0)
            session.Events.StartStream(((FactRecorded)facts[0]).Id.ToString(), facts.ToArray());
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
