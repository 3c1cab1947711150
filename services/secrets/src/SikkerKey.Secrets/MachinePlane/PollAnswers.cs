using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;
using Weasel.Postgresql.Tables;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// An unchanged poll in one indexed lookup (issue 22: a poll of 400 ids read 1,200 index entries on every poll, 2.7× a
/// single read in a vault of 10,000 secrets, while almost every poll finds nothing changed).
/// <para>
/// A poll's answer depends only on the watched secrets' documents and grants (all in the machine's vault, or
/// reported <c>deleted</c> whatever happens elsewhere), the machine's baselines, and what the principal lets the
/// machine read. So PostgreSQL itself counts changes: triggers on the secret and grant tables (and the project table, for
/// the CLI's lists that name projects: <see cref="RenderedListings"/>) bump a generation per vault, and a trigger on the baselines table one per machine, in the very commit of every write, whichever code
/// path made it (a counter bumped by hand would be one forgotten write away from a stale answer). A machine's last
/// answer for a set of watched ids is kept with the generations it was computed at, under a fingerprint of the ids
/// and the principal's role and permissions; a poll that finds all of them unchanged returns that answer, which is still exactly what the
/// full computation would give (<c>deleted</c> and <c>access_denied</c> included: they stay true until a write).
/// </para>
/// <para>
/// The generations are read before the secrets are: an answer stored with them is never older than they say, so a
/// write that slips in between only makes the next poll compute again. Rows live in PostgreSQL, shared by replicas.
/// </para>
/// </summary>
public sealed class PollAnswers(NpgsqlDataSource database)
{
    public const string GenerationsTable = SecretsExtensions.Schema + ".poll_generations";

    public const string AnswersTable = SecretsExtensions.Schema + ".poll_answers";

    public static IEnumerable<Table> Definitions()
    {
        var generations = new Table(GenerationsTable);
        generations.AddColumn<string>("key").AsPrimaryKey();
        generations.AddColumn<long>("generation").NotNull();
        yield return generations;

        var answers = new Table(AnswersTable);
        answers.AddColumn<Guid>("machine_id").AsPrimaryKey();
        answers.AddColumn("fingerprint", "bytea").AsPrimaryKey();
        answers.AddColumn<long>("vault_generation").NotNull();
        answers.AddColumn<long>("machine_generation").NotNull();
        answers.AddColumn("answer", "jsonb").NotNull();
        answers.AddColumn("stored_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        yield return answers;
    }

    /// <summary>The generations a poll's answer was computed at; a stored answer is reused only at the same ones.</summary>
    public readonly record struct Generations(long Vault, long Machine);

    /// <summary>The stored answer if nothing it depends on changed since, and the current generations either way.</summary>
    public async Task<(IReadOnlyDictionary<string, string>? Answer, Generations Now)> LookupAsync(Guid machineId, byte[] fingerprint, string vaultId,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT a.answer::text, g.vault, g.machine
            FROM (SELECT coalesce((SELECT generation FROM {GenerationsTable} WHERE key = @vault_key), 0) AS vault,
                         coalesce((SELECT generation FROM {GenerationsTable} WHERE key = @machine_key), 0) AS machine) g
            LEFT JOIN {AnswersTable} a ON a.machine_id = @machine AND a.fingerprint = @fingerprint
                AND a.vault_generation = g.vault AND a.machine_generation = g.machine
            """);
        command.Parameters.AddWithValue("vault_key", VaultKey(vaultId));
        command.Parameters.AddWithValue("machine_key", MachineKey(machineId));
        command.Parameters.AddWithValue("machine", machineId);
        command.Parameters.AddWithValue("fingerprint", NpgsqlDbType.Bytea, fingerprint);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var answer = reader.IsDBNull(0) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(0));
        return (answer, new Generations(reader.GetInt64(1), reader.GetInt64(2)));
    }

    /// <summary>The vault's generation alone, for answers that depend on no baseline (the CLI's lists, <see cref="RenderedListings"/>).</summary>
    public static async Task<long> VaultGenerationAsync(NpgsqlDataSource database, string vaultId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT coalesce((SELECT generation FROM {GenerationsTable} WHERE key = @vault_key), 0)");
        command.Parameters.AddWithValue("vault_key", VaultKey(vaultId));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Keeps the answer computed at <paramref name="at"/>. One machine may watch several sets (two processes sharing
    /// an identity), so answers are kept per set: those of older generations can never match again and go, and beyond
    /// the newest <see cref="KeptPerMachine"/> sets so do the oldest, so a machine cannot fill the table.
    /// </summary>
    public async Task StoreAsync(Guid machineId, byte[] fingerprint, Generations at, IReadOnlyDictionary<string, string> answer,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            INSERT INTO {AnswersTable} (machine_id, fingerprint, vault_generation, machine_generation, answer, stored_at)
            VALUES (@machine, @fingerprint, @vault, @machine_generation, @answer::jsonb, now())
            ON CONFLICT (machine_id, fingerprint) DO UPDATE SET vault_generation = excluded.vault_generation,
                machine_generation = excluded.machine_generation, answer = excluded.answer, stored_at = excluded.stored_at;
            DELETE FROM {AnswersTable}
            WHERE machine_id = @machine AND fingerprint <> @fingerprint
              AND (vault_generation < @vault OR machine_generation < @machine_generation
                   OR fingerprint NOT IN (SELECT fingerprint FROM {AnswersTable} WHERE machine_id = @machine ORDER BY stored_at DESC LIMIT {KeptPerMachine}));
            """);
        command.Parameters.AddWithValue("machine", machineId);
        command.Parameters.AddWithValue("fingerprint", NpgsqlDbType.Bytea, fingerprint);
        command.Parameters.AddWithValue("vault", at.Vault);
        command.Parameters.AddWithValue("machine_generation", at.Machine);
        command.Parameters.AddWithValue("answer", JsonSerializer.Serialize(answer));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public const int KeptPerMachine = 16;

    /// <summary>The watched ids (as a set) and everything of the principal a poll's answer depends on.</summary>
    public static byte[] Fingerprint(Principal machine, IEnumerable<string> watched)
    {
        var text = new StringBuilder().Append(machine.VaultId).Append('\n').Append(machine.Role).Append('\n');
        foreach (var (project, permissions) in (machine.Permissions ?? new Dictionary<string, string[]>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(project).Append('=').AppendJoin(',', permissions.Order(StringComparer.Ordinal)).Append(';');
        text.Append('\n').AppendJoin(',', watched.Distinct().Order(StringComparer.Ordinal));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public static void StageForgetMachine(IDocumentSession session, Guid machineId) =>
        session.QueueSqlCommand($"DELETE FROM {AnswersTable} WHERE machine_id = ?", machineId);

    private static string VaultKey(string vaultId) => "vault:" + vaultId;

    private static string MachineKey(Guid machineId) => "machine:" + machineId;

    /// <summary>
    /// Creates (or replaces) the triggers that count changes. Statement-level with transition tables, so a statement
    /// writing a thousand rows bumps each vault or machine once; keys taken in order, so two statements never wait
    /// on each other's rows crosswise.
    /// </summary>
    public static string TriggersSql(IDocumentStore store)
    {
        var lockId = EventBackboneExtensions.LockIdFor("poll-generation-triggers:" + SecretsExtensions.Schema);
        var bumpDocuments = SecretsExtensions.Schema + ".poll_bump_vaults";
        var bumpBaselines = SecretsExtensions.Schema + ".poll_bump_machines";
        string Bump(string keyExpression, string rows) => $"""
            INSERT INTO {GenerationsTable} AS g (key, generation)
                SELECT DISTINCT {keyExpression}, 1 FROM {rows} WHERE {keyExpression} IS NOT NULL ORDER BY 1
                ON CONFLICT (key) DO UPDATE SET generation = g.generation + 1;
            """;
        string Function(string name, string keyExpression) => $"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    {Bump(keyExpression, "old_rows")}
                ELSE
                    {Bump(keyExpression, "new_rows")}
                END IF;
                RETURN NULL;
            END $fn$;
            """;
        string Triggers(string table, string function, string prefix) => $"""
            CREATE OR REPLACE TRIGGER {prefix}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            CREATE OR REPLACE TRIGGER {prefix}_update AFTER UPDATE ON {table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            CREATE OR REPLACE TRIGGER {prefix}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            """;
        return $"""
            SELECT pg_advisory_xact_lock({lockId});
            {Function(bumpDocuments, "'vault:' || (data->>'VaultId')")}
            {Function(bumpBaselines, "'machine:' || machine_id::text")}
            {Triggers(store.TableOf<Secret>(), bumpDocuments, "poll_generation_secret")}
            {Triggers(store.TableOf<Grant>(), bumpDocuments, "poll_generation_grant")}
            {Triggers(store.TableOf<Project>(), bumpDocuments, "poll_generation_project")}
            {Triggers(PollBaselines.TableName, bumpBaselines, "poll_generation_baseline")}
            """;
    }
}

/// <summary>Installs <see cref="PollAnswers"/>' triggers at start, after the store has created the tables they watch.</summary>
public sealed class PollGenerationTriggers(NpgsqlDataSource database, IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(PollAnswers.TriggersSql(store), connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
