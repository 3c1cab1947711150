using Marten;
using Npgsql;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Identity.Machines.Registering;

/// <summary>
/// Registrations in one vault take their quota slots one at a time: a PostgreSQL advisory lock per vault, held
/// until the registering transaction ends, on every replica. A deploy script provisioning dozens of containers at
/// once then queues instead of racing for the same free slot; other vaults never wait.
/// <para>
/// Before the database lock, each replica lets one registration per vault through at a time and keeps the rest
/// waiting in memory. Waiting on the database lock holds a pooled connection for the whole wait: 32 containers
/// provisioned at once used to park 32 connections, more than a pool of 20 (build/run, compose) or 10 (Kubernetes)
/// holds, so logins and machine checks for everyone on that replica waited behind one vault's deploy.
/// The database lock stays the rule across replicas; this only keeps the queue out of the pool.
/// </para>
/// </summary>
public static class VaultQuotaLock
{
    private sealed class Turn(string vaultId) : IDisposable
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Holders;

        public void Dispose()
        {
            Semaphore.Release();
            Leave();
        }

        /// <summary>One waiter fewer; the last one out forgets the vault, so the map holds only vaults in use.</summary>
        public void Leave()
        {
            lock (Turns)
            {
                if (--Holders == 0)
                    Turns.Remove(vaultId);
            }
        }
    }

    private static readonly Dictionary<string, Turn> Turns = new(StringComparer.Ordinal);

    /// <summary>Waits until this replica's earlier registrations in the vault are done; dispose to let the next one in.</summary>
    public static async Task<IDisposable> WaitTurnAsync(string vaultId, CancellationToken cancellationToken)
    {
        Turn turn;
        lock (Turns)
        {
            if (!Turns.TryGetValue(vaultId, out turn!))
                Turns[vaultId] = turn = new Turn(vaultId);
            turn.Holders++;
        }
        try
        {
            await turn.Semaphore.WaitAsync(cancellationToken);
            return turn;
        }
        catch
        {
            turn.Leave();
            throw;
        }
    }

    /// <summary>Begins the session's transaction and takes the vault's lock in it, across every replica.</summary>
    public static async Task AcquireAsync(IDocumentSession session, string vaultId, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", session.Connection);
        // Outside the 32-bit range of the daemon and migration locks, so it can never wait on one of them.
        command.Parameters.AddWithValue("key", (1L << 32) + EventBackboneExtensions.LockIdFor("quota:" + vaultId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
