using Marten;
using MassTransit;

namespace SikkerKey.ServiceDefaults.Tests.Backbone;

/// <summary>Records one receipt per delivery it handles, in the scoped session the idempotency filter commits.</summary>
public sealed class ProbeConsumer(IDocumentSession session) : IConsumer<ProbeRecorded>
{
    public Task Consume(ConsumeContext<ProbeRecorded> context)
    {
        session.Store(new ProbeReceipt { Id = Guid.NewGuid(), ProbeId = context.Message.ProbeId, MessageId = context.MessageId });
        return Task.CompletedTask;
    }
}

public sealed class ProbeReceipt
{
    public Guid Id { get; set; }
    public Guid ProbeId { get; set; }
    public Guid? MessageId { get; set; }
}
