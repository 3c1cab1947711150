using Npgsql;

namespace SikkerKey.Provisioning.Downloading;

/// <summary>
/// Drops the table that held sealed private keys before bundle keys were made at download time (issue 21). A
/// dropped table's files are unlinked, and its rows leave <c>pg_stats</c> with it, whereas deleting its rows
/// would leave them in the heap and the statistics until a vacuum and an analyze. Backups and WAL archived
/// before this ran still hold those blobs, sealed under a key derived from the root key: README, "What deleted means".
/// </summary>
public sealed class SealedBundlePurge(NpgsqlDataSource dataSource, ILogger<SealedBundlePurge> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DROP TABLE IF EXISTS {ProvisioningExtensions.Schema}.mt_doc_sealedbundle");
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogDebug("No stored bundle keys remain");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
