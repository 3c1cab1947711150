using MassTransit;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>A MassTransit bus on the system's virtual host, publishing as a service's event forwarder does.</summary>
internal sealed class TestBus(IBusControl bus) : IAsyncDisposable
{
    public static async Task<TestBus> StartAsync(Uri rabbitMq)
    {
        var credentials = Uri.UnescapeDataString(rabbitMq.UserInfo).Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(rabbitMq.Host, (ushort)rabbitMq.Port,
            Uri.UnescapeDataString(rabbitMq.AbsolutePath.TrimStart('/')), host =>
            {
                host.Username(credentials[0]);
                host.Password(credentials[1]);
            }));
        await bus.StartAsync(Http.Ct);
        return new TestBus(bus);
    }

    /// <summary>Publishes under its runtime type with a given message id, as the forwarder publishes a Marten event.</summary>
    public Task PublishAsync(object message, Guid messageId) =>
        bus.Publish(message, message.GetType(), context => context.MessageId = messageId, Http.Ct);

    public async ValueTask DisposeAsync() => await bus.StopAsync(CancellationToken.None);
}
