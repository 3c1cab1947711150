using System.Net;
using System.Text.Json;
using Npgsql;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// A machine read's fact goes through <c>secrets.fact_outbox</c> (issue 15), not a Marten stream per read. These tests
/// hold the guarantees that replaced: the fact is committed before the 200, a row left behind by a process that died
/// between its commit and the publish is still delivered, and a row published twice (the delete lost in a crash) is
/// recorded once, since the row's id is the message id the audit service deduplicates by.
/// </summary>
public sealed class FactOutboxTests(SystemFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_read_fact_is_committed_before_the_200_and_leaves_the_outbox_once_published()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var secret = await SecretTests.SecretAsync(owner, project, new { name = "outbox-read", value = "v" });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, secret);
        await using var connection = await fixture.Infrastructure.OpenAsync();

        var seen = await CopyCommittedFactsAsync(connection);
        try
        {
            using var client = fixture.System.CreateClient();
            using var response = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{secret}", null), Http.Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // At once, no waiting: committed before the 200 went out.
            Assert.Equal(1, await CountAsync(connection, $"SELECT count(*) FROM {seen} WHERE secret_id = @secret", secret));
        }
        finally
        {
            await StopCopyingAsync(connection, seen);
        }

        // Published and deleted shortly after, and recorded in the audit log exactly once.
        await Eventually.MatchAsync(() => CountAsync(connection, "SELECT count(*) FROM secrets.fact_outbox WHERE body->>'SecretId' = @secret", secret),
            n => n == 0, Patience, "the read fact leaving the outbox");
        var entries = await Eventually.MatchAsync(() => ReadsOfAsync(owner, secret), e => e.Count >= 1, Patience, "the read in the audit log");
        Assert.Single(entries);
    }

    [Fact]
    public async Task Concurrent_reads_facts_are_each_committed_before_their_200_and_recorded_once()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var secret = await SecretTests.SecretAsync(owner, project, new { name = "outbox-concurrent", value = "v" });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, secret);
        await using var connection = await fixture.Infrastructure.OpenAsync();
        const int reads = 24;

        // Each read's fact joins concurrent reads' in one commit (FactOutboxWriter); every 200 still means its own fact
        // is durable, so when k reads have been answered, at least k facts of this secret are committed.
        var seen = await CopyCommittedFactsAsync(connection);
        try
        {
            using var client = fixture.System.CreateClient();
            var answered = 0;
            await Task.WhenAll(Enumerable.Range(0, reads).Select(async _ =>
            {
                using var response = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{secret}", null), Http.Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var k = Interlocked.Increment(ref answered);
                await using var own = await fixture.Infrastructure.OpenAsync();
                Assert.True(await CountAsync(own, $"SELECT count(*) FROM {seen} WHERE secret_id = @secret", secret) >= k);
            }));
        }
        finally
        {
            await StopCopyingAsync(connection, seen);
        }

        var entries = await Eventually.MatchAsync(() => ReadsOfAsync(owner, secret), e => e.Count >= reads, Patience, "every read in the audit log");
        Assert.Equal(reads, entries.Count);
        Assert.Equal(reads, entries.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count());
    }

    [Fact]
    public async Task A_fact_left_by_a_process_that_died_before_publishing_is_delivered_and_a_second_copy_is_recorded_once()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var secret = await SecretTests.SecretAsync(owner, project, new { name = "outbox-orphan", value = "v" });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, secret);
        await using var connection = await fixture.Infrastructure.OpenAsync();

        // Rows committed by a replica that died before publishing (nobody pulses this process's forwarder about
        // them); the same message id twice stands for a publish whose delete was lost.
        var orphan = Guid.CreateVersion7();
        var fact = new SecretRead(machine.Id, secret, project, owner.VaultId, 1, "203.0.113.9", DateTimeOffset.UtcNow);
        for (var copy = 0; copy < 2; copy++)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO secrets.fact_outbox (id, type, body, created_at) VALUES (@id, @type, @body::jsonb, now())", connection);
            insert.Parameters.AddWithValue("id", orphan);
            insert.Parameters.AddWithValue("type", typeof(SecretRead).FullName!);
            insert.Parameters.AddWithValue("body", JsonSerializer.Serialize(fact));
            await insert.ExecuteNonQueryAsync(Http.Ct);
        }

        await Eventually.MatchAsync(() => CountAsync(connection, "SELECT count(*) FROM secrets.fact_outbox WHERE body->>'SecretId' = @secret", secret),
            n => n == 0, Patience, "both copies leaving the outbox");
        await Eventually.MatchAsync(() => ReadsOfAsync(owner, secret), e => e.Any(x => x.GetProperty("id").GetGuid() == orphan), Patience,
            "the orphaned fact in the audit log");

        // A read made after both copies were published is recorded after them: once it shows, both were handled.
        using (var client = fixture.System.CreateClient())
        using (var response = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{secret}", null), Http.Ct))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await Eventually.MatchAsync(() => ReadsOfAsync(owner, secret), e => e.Count >= 2, Patience, "the later read in the audit log");
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e.GetProperty("id").GetGuid() == orphan);
        Assert.Equal("203.0.113.9", entries.Single(e => e.GetProperty("id").GetGuid() == orphan).GetProperty("sourceIp").GetString());
    }

    /// <summary>
    /// The forwarder may publish and delete a row at any moment after its commit, so a trigger copies each new row's id,
    /// in the inserting transaction, to a table of the test's own: a copy is there iff its fact committed.
    /// </summary>
    private static async Task<string> CopyCommittedFactsAsync(NpgsqlConnection connection)
    {
        var seen = "secrets.outbox_seen_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(connection, $"""
            CREATE TABLE {seen} (id uuid NOT NULL, secret_id text);
            CREATE FUNCTION {seen}_copy() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO {seen} VALUES (NEW.id, NEW.body->>'SecretId'); RETURN NEW; END $$;
            CREATE TRIGGER {seen.Split('.')[1]} AFTER INSERT ON secrets.fact_outbox FOR EACH ROW EXECUTE FUNCTION {seen}_copy();
            """);
        return seen;
    }

    private static Task StopCopyingAsync(NpgsqlConnection connection, string seen) =>
        ExecuteAsync(connection, $"DROP TRIGGER {seen.Split('.')[1]} ON secrets.fact_outbox; DROP FUNCTION {seen}_copy(); DROP TABLE {seen}");

    private static async Task<List<JsonElement>> ReadsOfAsync(UserSession owner, string secret)
    {
        using var response = await owner.Client.GetAsync($"/api/audit?limit=500&action=secret_read&secretId={secret}", Http.Ct);
        return (await response.AssertOkAsync()).GetProperty("entries").EnumerateArray().ToList();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Http.Ct);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, string secret)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("secret", secret);
        return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
    }
}
