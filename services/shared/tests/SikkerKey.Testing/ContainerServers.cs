using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace SikkerKey.Testing;

/// <summary>PostgreSQL and RabbitMQ in containers, for machines with a Docker engine. They live as long as the test process.</summary>
internal static class ContainerServers
{
    public const int ManagementPort = 15672;

    public static async Task<Servers> StartAsync()
    {
        var postgres = new PostgreSqlBuilder("postgres:15-alpine").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").WithPortBinding(ManagementPort, assignRandomHostPort: true).Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());

        var amqp = new Uri(rabbit.GetConnectionString());
        var management = new UriBuilder("http", rabbit.Hostname, rabbit.GetMappedPublicPort(ManagementPort))
        {
            UserName = amqp.UserInfo.Split(':')[0],
            Password = amqp.UserInfo.Split(':')[1],
        }.Uri;
        return new Servers(postgres.GetConnectionString(), amqp, management);
    }
}
