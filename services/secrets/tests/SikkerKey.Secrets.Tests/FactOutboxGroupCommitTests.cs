using Npgsql;
using SikkerKey.Contracts;
using SikkerKey.Contracts.Secrets;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Concurrent reads' facts share one INSERT and one commit (issue 15, <see cref="FactOutboxWriter"/>). What must not
/// change: a request hears back only once its facts are committed, a failed commit fails every request that waited on
/// it, and one request giving up leaves the others answered. Each test writes through a writer in this process into an
/// outbox table of its own schema, so it can hold that table without stopping the running system's reads.
/// </summary>
public sealed class FactOutboxGroupCommitTests(SystemFixture fixture)
{
    [Fact]
    public async Task Facts_queued_behind_a_running_statement_share_the_next_one_and_none_is_answered_before_its_commit()
    {
        await using var outbox = await OutboxAsync();
        await using var connection = await fixture.Infrastructure.OpenAsync();
        var statements = await StatementLog.CountInsertsAsync(connection, outbox.Table);
        await using var holder = await outbox.HoldAsync();

        var first = outbox.Commit("first");
        await outbox.WaitUntilBlockedAsync();
        var queued = Enumerable.Range(0, 20).Select(i => outbox.Commit("queued-" + i)).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(200), Http.Ct);
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        await holder.CloseAsync();

        await first;
        await Task.WhenAll(queued);
        string[] expected = ["first", .. Enumerable.Range(0, 20).Select(i => "queued-" + i)];
        Assert.Equal(expected.Order(), (await outbox.StoredAsync()).Order());
        // 21 requests, each committed alone before: now the held one's statement and the one after it.
        Assert.Equal(2, await statements());
    }

    [Fact]
    public async Task When_the_database_refuses_a_batch_every_waiting_request_fails_and_the_next_is_written()
    {
        await using var outbox = await OutboxAsync();
        await using var connection = await fixture.Infrastructure.OpenAsync();
        // Every insert into the outbox fails as PostgreSQL out of connections would.
        await ExecuteAsync(connection, $"""
            CREATE FUNCTION {outbox.Schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '53300'; END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON {outbox.Table} FOR EACH STATEMENT EXECUTE FUNCTION {outbox.Schema}.refuse();
            """);

        var refused = Enumerable.Range(0, 16).Select(i => outbox.Commit("refused-" + i)).ToList();
        foreach (var request in refused)
            Assert.Equal("53300", (await Assert.ThrowsAsync<PostgresException>(() => request)).SqlState);
        await ExecuteAsync(connection, $"DROP TRIGGER refuse ON {outbox.Table}");
        await outbox.Commit("after");

        Assert.Equal(["after"], await outbox.StoredAsync());
    }

    [Fact]
    public async Task A_request_that_stops_waiting_leaves_the_others_in_its_batch_answered()
    {
        await using var outbox = await OutboxAsync();
        await using var holder = await outbox.HoldAsync();
        var first = outbox.Commit("first");
        await outbox.WaitUntilBlockedAsync();
        using var giveUp = new CancellationTokenSource();
        var cancelled = outbox.Commit("cancelled", giveUp.Token);
        var waiting = outbox.Commit("waiting");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await holder.CloseAsync();

        await first;
        await waiting;
        await outbox.Commit("after");
        // The request that gave up stopped waiting; its fact was already queued and is written with the others.
        Assert.Equal(["after", "cancelled", "first", "waiting"], (await outbox.StoredAsync()).Order().ToList());
    }

    private async Task<TestOutbox> OutboxAsync()
    {
        var schema = "outbox_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = await fixture.Infrastructure.OpenAsync())
            await ExecuteAsync(connection, $"""
                CREATE SCHEMA {schema};
                CREATE TABLE {schema}.{FactOutbox.Table} (LIKE {SecretsExtensions.Schema}.{FactOutbox.Table} INCLUDING ALL);
                """);
        var database = NpgsqlDataSource.Create(fixture.Infrastructure.Postgres);
        var outbox = new FactOutbox(schema, database);
        var writer = new FactOutboxWriter(outbox);
        await writer.StartAsync(Http.Ct);
        return new TestOutbox(fixture, schema, database, outbox, writer);
    }

    private sealed class TestOutbox(SystemFixture fixture, string schema, NpgsqlDataSource database, FactOutbox outbox, FactOutboxWriter writer)
        : IAsyncDisposable
    {
        private readonly Guid machine = Guid.NewGuid();

        public string Schema => schema;

        public string Table => outbox.TableName;

        /// <summary>A read fact whose secret id names it, so a test can tell which requests' facts were stored.</summary>
        public Task Commit(string name, CancellationToken? giveUp = null) =>
            writer.CommitAsync([new SecretRead(machine, name, "proj_test", "vault_test", 1, "203.0.113.7", DateTimeOffset.UtcNow)], giveUp ?? Http.Ct);

        /// <summary>Locks the table in a transaction left open: the writer's next INSERT waits for it, and requests queue behind that.</summary>
        public async Task<NpgsqlConnection> HoldAsync()
        {
            var connection = await fixture.Infrastructure.OpenAsync();
            await connection.BeginTransactionAsync(Http.Ct);
            await ExecuteAsync(connection, $"LOCK TABLE {Table} IN EXCLUSIVE MODE");
            return connection;
        }

        /// <summary>Until the writer's INSERT is waiting for the held lock.</summary>
        public Task WaitUntilBlockedAsync() => Eventually.MatchAsync(async () =>
        {
            await using var connection = await fixture.Infrastructure.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = @table::regclass", connection);
            command.Parameters.AddWithValue("table", Table);
            return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
        }, n => n > 0, TimeSpan.FromSeconds(30), "the writer's INSERT waiting for the lock");

        public async Task<List<string>> StoredAsync()
        {
            await using var connection = await fixture.Infrastructure.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT body->>'SecretId' FROM {Table} ORDER BY seq", connection);
            var names = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(Http.Ct);
            while (await reader.ReadAsync(Http.Ct))
                names.Add(reader.GetString(0));
            return names;
        }

        public async ValueTask DisposeAsync()
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
            outbox.Dispose();
            await database.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Http.Ct);
    }
}
