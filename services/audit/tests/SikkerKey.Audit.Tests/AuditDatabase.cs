using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>Straight to the audit service's tables, as someone with database access (an attacker, in the tamper tests) would go.</summary>
internal static class AuditDatabase
{
    public static async Task<long> ExecuteAsync(this IsolatedInfrastructure infrastructure, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(Http.Ct);
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this IsolatedInfrastructure infrastructure, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(Http.Ct);
        while (await reader.ReadAsync(Http.Ct))
            rows.Add(reader.GetFieldValue<T>(0));
        return rows;
    }

    /// <summary>A vault's entry ids in chain order.</summary>
    public static Task<IReadOnlyList<Guid>> ChainAsync(this IsolatedInfrastructure infrastructure, string vaultId) =>
        infrastructure.QueryAsync<Guid>("SELECT id FROM audit.mt_doc_auditentry WHERE vault_id = @vault ORDER BY position", ("vault", vaultId));
}
