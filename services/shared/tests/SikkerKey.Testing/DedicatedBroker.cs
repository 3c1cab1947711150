using Testcontainers.RabbitMq;

namespace SikkerKey.Testing;

/// <summary>
/// A RabbitMQ node of a test's own that the test can really stop and start again (outage tests).
/// It keeps its port across restarts, as a real broker does, so clients reconnect to the same address.
/// </summary>
public abstract class DedicatedBroker : IAsyncDisposable
{
    public required Uri RabbitMq { get; init; }

    public abstract Task StartAsync();

    public abstract Task StopAsync();

    public abstract ValueTask DisposeAsync();

    public static async Task<DedicatedBroker> StartNewAsync()
    {
        var servers = await Servers.GetAsync();
        DedicatedBroker broker = DockerProbe.Available ? ContainerBroker.Create() : LocalBroker.Create(servers);
        await broker.StartAsync();
        return broker;
    }

    private sealed class LocalBroker : DedicatedBroker
    {
        private Dictionary<string, string> environment = [];

        public static LocalBroker Create(Servers servers)
        {
            // build/infra/rabbitmq puts management at PORT+10000 and distribution at PORT+20000. All three stay below the
            // ephemeral range (32768 and up), where a suite's own outgoing connections took the management port of a
            // port that had been probed free alone, and the node did not start.
            var port = LoopbackPorts.Free(10000, 12700, 10000, 20000);
            var node = $"sikkerkey-outage-{port}";
            return new LocalBroker
            {
                RabbitMq = new UriBuilder(servers.RabbitMq) { Host = "127.0.0.1", Port = port, Path = "/sikkerkey" }.Uri,
                environment = new Dictionary<string, string>(LocalServers.TestEnvironment)
                {
                    ["SIKKERKEY_RABBIT_NODE"] = node,
                    ["SIKKERKEY_RABBIT_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            };
        }

        public override Task StartAsync() => Scripts.RunAsync("build/infra/rabbitmq", environment, "start");

        public override Task StopAsync() => Scripts.RunAsync("build/infra/rabbitmq", environment, "stop");

        public override async ValueTask DisposeAsync()
        {
            await StopAsync();
            var nodeData = Path.Combine(environment["SIKKERKEY_DATA"], "rabbitmq", environment["SIKKERKEY_RABBIT_NODE"]);
            if (Directory.Exists(nodeData))
                Directory.Delete(nodeData, recursive: true);
        }
    }

    private sealed class ContainerBroker : DedicatedBroker
    {
        private RabbitMqContainer container = null!;

        public static ContainerBroker Create()
        {
            var port = LoopbackPorts.Free(20000, 32000);
            var container = new RabbitMqBuilder("rabbitmq:3.13-management").WithPortBinding(port, RabbitMqBuilder.RabbitMqPort).Build();
            return new ContainerBroker
            {
                container = container,
                RabbitMq = new UriBuilder("amqp", "127.0.0.1", port, "/") { UserName = RabbitMqBuilder.DefaultUsername, Password = RabbitMqBuilder.DefaultPassword }.Uri,
            };
        }

        public override Task StartAsync() => container.StartAsync();

        public override Task StopAsync() => container.StopAsync();

        public override ValueTask DisposeAsync() => container.DisposeAsync();
    }
}
