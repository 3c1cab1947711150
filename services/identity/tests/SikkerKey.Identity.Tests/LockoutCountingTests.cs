using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.Identity.Machines.Authenticating;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>
/// The lockout counter itself, two of them on the system's database as two replicas would hold them: refusals that
/// queue behind one another are decided by the count each one makes, so the limit holds exactly whatever the
/// concurrency; the ones past it are counted and reported to the audit log once, as a count.
/// </summary>
public sealed class LockoutCountingTests(SystemFixture fixture)
{
    private const int Limit = 3;

    [Fact]
    public async Task Refusals_held_back_while_one_is_counted_get_exactly_the_places_left_under_the_limit()
    {
        await using var replicas = await ReplicasAsync();
        var subject = AuthLockouts.ForAddress("198.51.100." + Guid.NewGuid().ToString("N")[..8]);
        for (var i = 0; i < Limit - 1; i++)
            Assert.Null(await replicas.First.CountFailureAsync(subject, Http.Ct));

        // Another refusal holds the subject's row: every count now waits, each having seen Limit - 1.
        await using var holder = await fixture.Infrastructure.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync(Http.Ct);
        await ExecuteAsync(holder, $"SELECT 1 FROM {AuthLockouts.TableName} WHERE subject = @subject FOR UPDATE", subject.Key);
        var waiting = Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? replicas.First : replicas.Second).CountFailureAsync(subject, Http.Ct)).ToList();
        await Eventually.MatchAsync(BlockedAsync, blocked => blocked >= 2, TimeSpan.FromSeconds(30), "both replicas' counts waiting on the row");
        await transaction.RollbackAsync(Http.Ct);

        var answers = await Task.WhenAll(waiting);
        Assert.Equal(1, answers.Count(a => a is null));
        Assert.All(answers.Where(a => a is not null), a => Assert.InRange(a!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Refusals_past_the_limit_are_reported_once_as_a_count_of_the_machine_at_its_address()
    {
        await using var replicas = await ReplicasAsync();
        var machine = Guid.NewGuid();
        var subject = AuthLockouts.ForMachine(machine, "vault_counted", "203.0.113.7");
        var answers = await Task.WhenAll(Enumerable.Range(0, Limit + 5).Select(i => (i % 2 == 0 ? replicas.First : replicas.Second).CountFailureAsync(subject, Http.Ct)));
        Assert.Equal(Limit, answers.Count(a => a is null));

        // The services' own sweepers report too; whoever claims a count reports it, and only once.
        await replicas.Reports.ReportAsync(Http.Ct);
        await replicas.Reports.ReportAsync(Http.Ct);

        var reported = await ReportedAsync(fixture.Infrastructure.Postgres, machine);
        Assert.Equal(5, reported.Sum(r => r.Refused));
        Assert.All(reported, r => Assert.Equal(("vault_counted", "203.0.113.7"), (r.VaultId, r.SourceIp)));
    }

    /// <summary>The <c>machine_auth_throttled</c> facts about <paramref name="machine"/> in the identity service's event store.</summary>
    internal static async Task<List<(int Refused, string? VaultId, string? SourceIp)>> ReportedAsync(string postgres, Guid machine)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(Http.Ct);
        await using var command = new NpgsqlCommand("""
            SELECT (data->>'Refused')::int, data->>'VaultId', data->>'SourceIp' FROM identity.mt_events
            WHERE type = 'machine_auth_throttled' AND data->>'MachineId' = @machine
            """, connection);
        command.Parameters.AddWithValue("machine", machine.ToString());
        var facts = new List<(int, string?, string?)>();
        await using var reader = await command.ExecuteReaderAsync(Http.Ct);
        while (await reader.ReadAsync(Http.Ct))
            facts.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return facts;
    }

    /// <summary>
    /// Statements on the lockout table waiting for a row lock in this database: only the held row's counts can be (a
    /// second waiter queues behind the first, so it is not blocked by the holder directly). Asked on a connection of its
    /// own: inside the holder's transaction, pg_stat_activity would answer from the snapshot it took at first sight.
    /// </summary>
    private async Task<long> BlockedAsync()
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%{AuthLockouts.TableName}%'
            """, connection);
        return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string subject)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("subject", subject);
        await command.ExecuteNonQueryAsync(Http.Ct);
    }

    /// <summary>Reports the throttled refusals now, from this process, as a replica's sweep would.</summary>
    internal static async Task ReportNowAsync(string postgres)
    {
        await using var database = NpgsqlDataSource.Create(postgres);
        using var store = StoreOn(database);
        await new ThrottledRefusals(store, TimeProvider.System).ReportAsync(Http.Ct);
    }

    private static DocumentStore StoreOn(NpgsqlDataSource database) => TestStores.On(database, IdentityExtensions.Schema);

    /// <summary>Two counters (two replicas' worth) and a reporter in this process on the system's database, with a limit of <see cref="Limit"/>.</summary>
    private async Task<Replicas> ReplicasAsync()
    {
        var database = NpgsqlDataSource.Create(fixture.Infrastructure.Postgres);
        var store = StoreOn(database);
        var lockout = Options.Create(new AuthLockoutOptions { Failures = Limit, Window = TimeSpan.FromMinutes(5) });
        var first = new AuthLockouts(database, lockout, TimeProvider.System);
        var second = new AuthLockouts(database, lockout, TimeProvider.System);
        await first.StartAsync(Http.Ct);
        await second.StartAsync(Http.Ct);
        return new Replicas(first, second, new ThrottledRefusals(store, TimeProvider.System), store, database);
    }

    private sealed record Replicas(AuthLockouts First, AuthLockouts Second, ThrottledRefusals Reports, DocumentStore Store, NpgsqlDataSource Database)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var counter in new[] { First, Second })
            {
                await counter.StopAsync(CancellationToken.None);
                counter.Dispose();
            }
            Store.Dispose();
            await Database.DisposeAsync();
        }
    }
}
