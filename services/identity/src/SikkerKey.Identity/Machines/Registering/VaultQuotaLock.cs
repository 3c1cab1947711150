using Marten;
using Npgsql;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Identity.Machines.Registering;

/// <summary>
/// Registrations in one vault take their quota slots one at a time: a PostgreSQL advisory lock per vault, held
/// until the registering transaction ends, on every replica. A deploy script provisioning dozens of containers at
/// once then queues for a few milliseconds each instead of racing for the same free slot; other vaults never wait.
/// </summary>
public static class VaultQuotaLock
{
    public static async Task AcquireAsync(IDocumentSession session, string vaultId, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", session.Connection);
        // Outside the 32-bit range of the daemon and migration locks, so it can never wait on one of them.
        command.Parameters.AddWithValue("key", (1L << 32) + EventBackboneExtensions.LockIdFor("quota:" + vaultId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
