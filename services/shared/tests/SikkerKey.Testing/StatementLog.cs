using Npgsql;

namespace SikkerKey.Testing;

/// <summary>
/// Counts the INSERT statements a table receives (issue 15's group commits: many requests, one statement), through a
/// statement-level trigger and a log table of the test's own in the table's schema, removed with the database.
/// </summary>
public static class StatementLog
{
    /// <summary>Starts counting INSERT statements into <paramref name="table"/> (schema-qualified); call the result to read the count so far.</summary>
    public static async Task<Func<Task<long>>> CountInsertsAsync(NpgsqlConnection connection, string table)
    {
        var log = table.Split('.')[0] + ".insert_statements_" + Guid.NewGuid().ToString("N")[..12];
        await using (var create = new NpgsqlCommand($"""
            CREATE TABLE {log} (at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE FUNCTION {log}_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO {log} DEFAULT VALUES; RETURN NULL; END $$;
            CREATE TRIGGER {log.Split('.')[1]} AFTER INSERT ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {log}_count();
            """, connection))
            await create.ExecuteNonQueryAsync(Http.Ct);
        return async () =>
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {log}", connection);
            return (long)(await command.ExecuteScalarAsync(Http.Ct))!;
        };
    }
}
