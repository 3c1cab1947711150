using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// Makes every consumer idempotent by message id. The consumer records its effects in the scoped
/// Marten session without saving; this filter adds the <see cref="ProcessedMessage"/> marker and
/// commits both in one transaction. A redelivered message finds the marker and is skipped; two
/// concurrent deliveries collide on the marker's primary key and the loser is retried, then skipped.
/// </summary>
public sealed class IdempotencyFilter<T>(IDocumentSession session, TimeProvider time, ILogger<IdempotencyFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a message id");
        var endpoint = context.ReceiveContext.InputAddress.AbsolutePath.Trim('/');
        var markerId = ProcessedMessage.KeyFor(endpoint, messageId);

        if (await session.LoadAsync<ProcessedMessage>(markerId, context.CancellationToken) is not null)
        {
            ProcessedMessage.DuplicatesSkipped.Add(1, SikkerKeyMetrics.Label("message_type", typeof(T).Name));
            logger.LogInformation("Skipped message {MessageId} ({MessageType}): {Endpoint} already handled it", messageId, typeof(T).Name, endpoint);
            return;
        }

        await next.Send(context);
        session.Insert(new ProcessedMessage { Id = markerId, ProcessedAt = time.GetUtcNow() });
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("idempotency");
}
