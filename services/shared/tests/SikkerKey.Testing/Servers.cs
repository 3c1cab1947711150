namespace SikkerKey.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ servers a test run shares. Each test class carves its own database
/// and virtual host out of them (<see cref="IsolatedInfrastructure"/>).
/// </summary>
/// <param name="Postgres">Connection string of a role that may create databases.</param>
/// <param name="RabbitMq"><c>amqp://user:password@host:port/vhost</c> of an administrator.</param>
/// <param name="RabbitManagement"><c>http://user:password@host:port</c> of the management API.</param>
public sealed record Servers(string Postgres, Uri RabbitMq, Uri RabbitManagement)
{
    private static readonly Lazy<Task<Servers>> Shared = new(StartAsync);

    /// <summary>Testcontainers when a Docker engine answers, otherwise the servers <c>build/infra</c> runs locally.</summary>
    public static Task<Servers> GetAsync() => Shared.Value;

    private static Task<Servers> StartAsync() =>
        DockerProbe.Available ? ContainerServers.StartAsync() : LocalServers.StartAsync();
}
