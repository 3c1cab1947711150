using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using SikkerKey.Contracts;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// Forwards every <see cref="IIntegrationEvent"/> appended to this service's Marten event store to
/// RabbitMQ. The event is committed before it is published (no dual write), the subscription's
/// progress only advances after the broker confirmed the publish, and the Marten event id becomes
/// the message id, so a redelivery after a crash is recognised by consumers.
/// </summary>
public sealed class IntegrationEventForwarder : SubscriptionBase
{
    public const string SubscriptionName = "integration-events";

    private readonly IBus bus;
    private readonly ILogger<IntegrationEventForwarder> logger;
    private readonly ResiliencePipeline untilPublished;

    public IntegrationEventForwarder(IBus bus, ILogger<IntegrationEventForwarder> logger)
    {
        this.bus = bus;
        this.logger = logger;
        Name = SubscriptionName;
        // While the broker is down the page waits here rather than failing: Marten would otherwise
        // pause the subscription, and a wait keeps the order of facts without any extra bookkeeping.
        untilPublished = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                // Polly stops retrying by itself once the daemon's token is cancelled (shutdown, lost leadership).
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                OnRetry = args =>
                {
                    if (args.AttemptNumber % 10 == 0)
                        this.logger.LogWarning("Integration events wait for RabbitMQ ({Attempt} attempts): {Reason}",
                            args.AttemptNumber, args.Outcome.Exception?.GetType().Name);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var @event in page.Events)
        {
            if (@event.Data is not IIntegrationEvent message)
                continue;
            await untilPublished.ExecuteAsync(
                async token => await bus.Publish(message, @event.EventType, context => context.MessageId = @event.Id, token),
                cancellationToken);
        }
        return NullChangeListener.Instance;
    }
}
