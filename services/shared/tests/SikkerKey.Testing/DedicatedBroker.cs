using System.Net;
using System.Net.Sockets;
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

    internal static int FreePortBelow(int ceiling)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20000, ceiling);
            using var probe = new TcpListener(IPAddress.Loopback, port);
            try
            {
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken; try another
            }
        }
        throw new InvalidOperationException("no free port found");
    }

    private sealed class LocalBroker : DedicatedBroker
    {
        private Dictionary<string, string> environment = [];

        public static LocalBroker Create(Servers servers)
        {
            // build/infra/rabbitmq puts management at PORT+10000 and distribution at PORT+20000.
            var port = FreePortBelow(45000);
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
            var port = FreePortBelow(60000);
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
