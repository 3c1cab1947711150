using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using SikkerKey.Contracts;

namespace SikkerKey.Audit.Recording;

/// <summary>
/// Consumes every integration event, whatever its type: RabbitMQ binds each published type's exchange to
/// <see cref="IIntegrationEvent"/>'s, so a contract added tomorrow arrives here without a new consumer. The
/// fact is read from the message's JSON by convention and started as a stream of its own, keyed by the message
/// id; the idempotency filter commits it with the processed-message marker, so a redelivery records nothing.
/// </summary>
public sealed class IntegrationEventRecorder(IDocumentSession session, TimeProvider time) : IConsumer<IIntegrationEvent>
{
    public Task Consume(ConsumeContext<IIntegrationEvent> context)
    {
        // A message whose body cannot be read is still a fact that happened: recorded by its type alone.
        if (!context.SerializerContext.TryGetMessage<JsonObject>(out var body) || body is null)
            body = [];
        var type = FactReader.TypeNameOf(context.SupportedMessageTypes.First());
        var fact = FactReader.Read(context.MessageId!.Value, type, body, time.GetUtcNow());
        session.Events.StartStream(fact.Id.ToString(), fact);
        return Task.CompletedTask;
    }
}
