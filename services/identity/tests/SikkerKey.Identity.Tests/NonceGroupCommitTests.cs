using System.Net;
using Marten;
using Npgsql;
using SikkerKey.Identity.Machines.Authenticating;
using SikkerKey.Signing;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>
/// Concurrent verifies share one commit for their nonces (issue 15, <see cref="NonceRecorder"/>). What must not change:
/// each nonce is accepted once per machine across replicas, and only once it is stored; a failed commit fails every
/// request that waited on it as a 503; one request giving up leaves the others answered.
/// </summary>
public sealed class NonceGroupCommitTests(TwoIdentityReplicasFixture fixture) : IClassFixture<TwoIdentityReplicasFixture>
{
    private const string Nonces = "identity.mt_doc_usednonce";

    [Fact]
    public async Task Concurrent_verifies_with_distinct_nonces_are_all_accepted_and_each_stored_once()
    {
        var (_, machine) = await ReplicaNonceTests.MachineAsync(fixture.System);
        var replicas = fixture.System.Replicas("identity");
        var requests = Enumerable.Range(0, 48).Select(_ => ReplicaNonceTests.Fresh(machine)).ToList();

        var answers = await Task.WhenAll(requests.Select((r, i) => ReplicaNonceTests.VerifyAsync(fixture.System, replicas[i % 2].Url, r)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        await using var connection = await fixture.Infrastructure.OpenAsync();
        var stored = await StoredNoncesAsync(connection, machine.Id);
        Assert.Equal(requests.Select(r => UsedNonce.KeyFor(machine.Id, r[SigningHeaders.Nonce])).Order(), stored.Order());
    }

    [Fact]
    public async Task The_same_nonce_sent_many_times_at_once_to_both_replicas_is_accepted_exactly_once()
    {
        var (_, machine) = await ReplicaNonceTests.MachineAsync(fixture.System);
        var replicas = fixture.System.Replicas("identity");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var signed = ReplicaNonceTests.Fresh(machine);
            var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => ReplicaNonceTests.VerifyAsync(fixture.System, replicas[i % 2].Url, signed)));
            Assert.Equal(1, answers.Count(a => a == HttpStatusCode.OK));
            // Replays count against the machine's lockout, so past its limit a replay is answered 429 instead of 401.
            Assert.All(answers.Where(a => a != HttpStatusCode.OK), a => Assert.Contains(a, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        }
    }

    [Fact]
    public async Task When_the_database_refuses_a_batch_every_waiting_verify_answers_503_and_the_next_is_accepted()
    {
        var (_, machine) = await ReplicaNonceTests.MachineAsync(fixture.System);
        var replica = fixture.System.Replicas("identity")[0].Url;
        await using var connection = await fixture.Infrastructure.OpenAsync();
        // Every insert into the nonce table fails as PostgreSQL out of connections would.
        await ExecuteAsync(connection, $"""
            CREATE FUNCTION identity.refuse_nonces() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '53300'; END $$;
            CREATE TRIGGER refuse_nonces BEFORE INSERT ON {Nonces} FOR EACH STATEMENT EXECUTE FUNCTION identity.refuse_nonces();
            """);
        HttpStatusCode[] answers;
        try
        {
            answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => ReplicaNonceTests.VerifyAsync(fixture.System, replica, ReplicaNonceTests.Fresh(machine))));
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP TRIGGER refuse_nonces ON {Nonces}; DROP FUNCTION identity.refuse_nonces()");
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a));
        Assert.Empty(await StoredNoncesAsync(connection, machine.Id));
        Assert.Equal(HttpStatusCode.OK, await ReplicaNonceTests.VerifyAsync(fixture.System, replica, ReplicaNonceTests.Fresh(machine)));
    }

    [Fact]
    public async Task Nonces_queued_behind_a_running_statement_share_the_next_one_and_a_repeat_among_them_is_accepted_once()
    {
        await using var recorder = await RecorderAsync();
        await using var connection = await fixture.Infrastructure.OpenAsync();
        var statements = await StatementLog.CountInsertsAsync(connection, Nonces);
        await using var holder = await HoldNonceAsync(recorder, "held");

        var held = recorder.Record("held");
        var distinct = Enumerable.Range(0, 20).Select(i => recorder.Record("n" + i)).ToList();
        var repeated = new[] { recorder.Record("twice"), recorder.Record("twice") };
        await holder.CloseAsync();

        Assert.True(await held);
        Assert.All(await Task.WhenAll(distinct), Assert.True);
        Assert.Equal(1, (await Task.WhenAll(repeated)).Count(accepted => accepted));
        // 23 requests, each committed alone before: now the held one's statement and the one after it at most.
        Assert.InRange(await statements(), 1, 2);
    }

    [Fact]
    public async Task A_request_that_stops_waiting_leaves_the_others_in_its_batch_answered()
    {
        await using var recorder = await RecorderAsync();
        await using var holder = await HoldNonceAsync(recorder, "held");
        var held = recorder.Record("held");
        using var giveUp = new CancellationTokenSource();
        var cancelled = recorder.RecordUnless("cancelled", giveUp.Token);
        var waiting = recorder.Record("waiting");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await holder.CloseAsync();

        Assert.True(await held);
        Assert.True(await waiting);
        Assert.True(await recorder.Record("after"));
    }

    private static async Task<List<string>> StoredNoncesAsync(NpgsqlConnection connection, Guid machineId)
    {
        // Read back as the sweeper reads them: an expiry it can parse, still in the future.
        await using var command = new NpgsqlCommand($"""
            SELECT id FROM {Nonces} WHERE id LIKE @prefix AND identity.mt_immutable_timestamptz(data->>'ExpiresAt') > now()
            """, connection);
        command.Parameters.AddWithValue("prefix", machineId + "/%");
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Http.Ct);
        while (await reader.ReadAsync(Http.Ct))
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>
    /// Inserts a nonce in a transaction left open: the recorder's statement holding the same nonce waits for it, so the
    /// nonces recorded meanwhile queue behind that statement. Closing the connection rolls back and lets it through as new.
    /// </summary>
    private async Task<NpgsqlConnection> HoldNonceAsync(TestRecorder recorder, string nonce)
    {
        var connection = await fixture.Infrastructure.OpenAsync();
        await connection.BeginTransactionAsync(Http.Ct);
        await using var insert = new NpgsqlCommand($"INSERT INTO {Nonces} (id, data) VALUES (@id, '{{}}')", connection);
        insert.Parameters.AddWithValue("id", recorder.KeyOf(nonce));
        await insert.ExecuteNonQueryAsync(Http.Ct);
        return connection;
    }

    /// <summary>A recorder in this process on the system's database, so a test decides what is queued while a statement runs.</summary>
    private async Task<TestRecorder> RecorderAsync()
    {
        var database = NpgsqlDataSource.Create(fixture.Infrastructure.Postgres);
        var store = TestStores.On(database, IdentityExtensions.Schema);
        var recorder = new NonceRecorder(database, store);
        await recorder.StartAsync(Http.Ct);
        return new TestRecorder(recorder, store, database);
    }

    private sealed class TestRecorder(NonceRecorder recorder, DocumentStore store, NpgsqlDataSource database) : IAsyncDisposable
    {
        /// <summary>Each recorder's nonces belong to a machine id of its own, so they never meet another test's.</summary>
        private readonly Guid machine = Guid.NewGuid();

        public string KeyOf(string nonce) => UsedNonce.KeyFor(machine, nonce);

        public Task<bool> Record(string nonce) => RecordUnless(nonce, Http.Ct);

        public Task<bool> RecordUnless(string nonce, CancellationToken giveUp) =>
            recorder.RecordAsync(new UsedNonce { Id = KeyOf(nonce), ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5) }, giveUp);

        public async ValueTask DisposeAsync()
        {
            await recorder.StopAsync(CancellationToken.None);
            recorder.Dispose();
            store.Dispose();
            await database.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Http.Ct);
    }
}
