using Npgsql;
using Polly;
using Polly.Retry;
using Xunit;

namespace SikkerKey.Testing;

/// <summary>
/// A fresh PostgreSQL database and RabbitMQ virtual host for one test class (use as a class fixture),
/// dropped afterwards. Nothing a class writes can be seen by another, so classes run in parallel.
/// </summary>
public sealed class IsolatedInfrastructure : IAsyncLifetime
{
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Connection string of this class's own database.</summary>
    public string Postgres { get; private set; } = "";

    /// <summary><c>amqp://…/&lt;vhost&gt;</c> of this class's own virtual host.</summary>
    public Uri RabbitMq { get; private set; } = null!;

    public Servers Servers { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Servers = await Servers.GetAsync();
        await ExecuteAsync($"CREATE DATABASE \"{Name}\"");
        Postgres = new NpgsqlConnectionStringBuilder(Servers.Postgres) { Database = Name, Pooling = true }.ConnectionString;
        await RabbitManagement.CreateVirtualHostAsync(Servers, Name);
        RabbitMq = new UriBuilder(Servers.RabbitMq) { Path = "/" + Name }.Uri;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        await RabbitManagement.DeleteVirtualHostAsync(Servers, Name);
    }

    /// <summary>Opens a connection to this class's database, for tests that inspect raw tables.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// The server's DDL is retried a few times: on a loaded machine a connection can be refused for a moment (every
    /// slot taken by the classes running beside this one), and a class that passed must not fail in its clean-up.
    /// </summary>
    private static readonly ResiliencePipeline Ddl = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromSeconds(2),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(),
        })
        .Build();

    private Task ExecuteAsync(string sql) =>
        Ddl.ExecuteAsync(async token => await ExecuteOnceAsync(sql, token)).AsTask();

    private async ValueTask ExecuteOnceAsync(string sql, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(Servers.Postgres);
        await connection.OpenAsync(token);
        // CREATE and DROP DATABASE each wait for a checkpoint, which on a loaded CI machine with dozens of class
        // databases took longer than Npgsql's default 30 s and failed a class's clean-up after its tests had passed.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(token);
    }
}
