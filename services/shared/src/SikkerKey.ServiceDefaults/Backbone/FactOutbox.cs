using System.Collections.Frozen;
using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;
using SikkerKey.Contracts;
using Weasel.Postgresql.Tables;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// A plain append-only table of integration events waiting for the bus (issue 15): what a hot path writes instead of
/// starting a Marten event stream per fact. A row is inserted in the same commit as the work it records (or as the
/// only statement of an autocommit), so the fact is durable before the response goes out; the
/// <see cref="FactOutboxForwarder"/> publishes rows in batches and deletes them only after the broker confirmed them,
/// with the row's id as the message id, so a crash anywhere between commit and delete delivers the fact again and the
/// consumers' processed-message markers make it count once. Nothing here lives only in process memory: the wake-up
/// signal only shortens the wait, the table is the truth.
/// </summary>
public sealed class FactOutbox(string schema, NpgsqlDataSource database) : IDisposable
{
    public const string Table = "fact_outbox";

    private static readonly FrozenDictionary<string, Type> ContractTypes = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.FullName!);

    private readonly string insert = $"""
        INSERT INTO {schema}.{Table} (id, type, body, created_at)
        SELECT f.id, f.type, f.body, now() FROM unnest(@ids, @types, @bodies) AS f(id, type, body)
        """;

    private readonly SemaphoreSlim wake = new(0, 1);

    public string TableName { get; } = $"{schema}.{Table}";

    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{Table}");
        table.AddColumn<long>("seq").AsPrimaryKey().BigAutoIncrement();
        table.AddColumn<Guid>("id").NotNull();
        table.AddColumn<string>("type").NotNull();
        table.AddColumn("body", "jsonb").NotNull();
        table.AddColumn<DateTimeOffset>("created_at").NotNull();
        return table;
    }

    /// <summary>Stages the facts in the session's own commit (one statement however many there are).</summary>
    public void Stage(IDocumentSession session, IReadOnlyCollection<IIntegrationEvent> facts)
    {
        if (facts.Count == 0)
            return;
        var (ids, types, bodies) = Columns(facts);
        session.QueueSqlCommand($"""
            INSERT INTO {TableName} (id, type, body, created_at)
            SELECT f.id, f.type, f.body::jsonb, now() FROM unnest(?::uuid[], ?::text[], ?::text[]) AS f(id, type, body)
            """, ids, types, bodies);
    }

    /// <summary>Writes the facts in a commit of their own: one statement, one round trip.</summary>
    public async Task WriteAsync(IReadOnlyCollection<IIntegrationEvent> facts, CancellationToken cancellationToken)
    {
        if (facts.Count == 0)
            return;
        var (ids, types, bodies) = Columns(facts);
        // Prepared on the pooled connection that runs it (issue 15; why only these, see AddEventBackbone): parsed and planned once per connection.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(insert, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = types });
        command.Parameters.Add(new NpgsqlParameter<string[]>("bodies", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = bodies });
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tells this process's forwarder that rows were committed (after the commit; a hint, never the only way they are found).</summary>
    public void Pulse()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit pulsed at the same moment: one wake-up is enough.
            }
        }
    }

    /// <summary>Waits for a <see cref="Pulse"/> or the timeout, whichever comes first.</summary>
    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => wake.Dispose();

    internal static object? Deserialize(string type, string body) =>
        ContractTypes.TryGetValue(type, out var clrType) ? JsonSerializer.Deserialize(body, clrType) : null;

    private static (Guid[] Ids, string[] Types, string[] Bodies) Columns(IReadOnlyCollection<IIntegrationEvent> facts)
    {
        var ids = new Guid[facts.Count];
        var types = new string[facts.Count];
        var bodies = new string[facts.Count];
        var i = 0;
        foreach (var fact in facts)
        {
            var type = fact.GetType();
            ids[i] = Guid.CreateVersion7();
            types[i] = type.FullName!;
            bodies[i] = JsonSerializer.Serialize(fact, type);
            i++;
        }
        return (ids, types, bodies);
    }
}
