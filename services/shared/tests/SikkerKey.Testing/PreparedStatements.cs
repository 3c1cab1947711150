using Npgsql;

namespace SikkerKey.Testing;

/// <summary>
/// What a pooled connection has prepared (issue 15: the read path's statements are prepared on the connection that runs
/// them). A data source of <see cref="OneConnection"/> hands every caller the same physical connection, so the
/// statements a class under test prepared are the ones <see cref="OnAsync"/> lists.
/// </summary>
public static class PreparedStatements
{
    public static NpgsqlDataSource OneConnection(string postgres) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { MaxPoolSize = 1 }.ConnectionString);

    /// <summary>The text of every statement prepared on the connection, in the order they were prepared.</summary>
    public static async Task<List<string>> OnAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(Http.Ct);
        await using var command = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements ORDER BY prepare_time", connection);
        var statements = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Http.Ct);
        while (await reader.ReadAsync(Http.Ct))
            statements.Add(reader.GetString(0));
        return statements;
    }
}
