using JasperFx.Events.Daemon.HighWater;
using Marten.Events.Daemon.HighWater;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// Wakes a service's async daemon when events are appended to its own store, and only then (issue 15). Marten's
/// <c>UseListenNotifyForEventAppends</c> notifies one channel, <c>mt_events_appended</c>, whatever the schema, and
/// LISTEN/NOTIFY is per database: with the four services in one database, every batch the audit service appended woke
/// the identity, secrets and provisioning daemons too, each asking for its high-water mark for nothing (a few hundred
/// µs of PostgreSQL per signed read in the c16 profile, the provisioning backend alone ~150). So each schema's
/// <c>mt_events</c> gets a statement trigger notifying a channel of its own, and the daemon listens there through
/// Marten's own <see cref="PostgresqlListenWakeup"/>. The trigger fires inside the appending transaction, so a
/// notification goes out only with a commit, whatever code path inserted the events; PostgreSQL folds the repeats of
/// one transaction into one. The daemon's slow poll stays the safety net for a lost notification.
/// </summary>
public sealed class EventAppendNotifications(string schema, NpgsqlDataSource database) : IHostedService
{
    public static string ChannelOf(string schema) => "sikkerkey_events_" + schema;

    /// <summary>The daemon's wake-up: a LISTEN on <see cref="ChannelOf"/> the schema, on a connection of its own.</summary>
    public static IDaemonWakeup WakeupFor(string schema, NpgsqlDataSource database, ILoggerFactory loggers) =>
        new PostgresqlListenWakeup(database, loggers.CreateLogger<EventAppendNotifications>(), ChannelOf(schema));

    /// <summary>Installs the trigger once the store has created <c>mt_events</c> (registered after Marten's schema migration).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var function = $"{schema}.sikkerkey_notify_events_appended";
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Replicas start together: one replaces the trigger at a time (concurrent replaces fail with "tuple concurrently updated").
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({EventBackboneExtensions.LockIdFor("event-append-notifications:" + schema)});
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                PERFORM pg_notify('{ChannelOf(schema)}', '');
                RETURN NULL;
            END $fn$;
            CREATE OR REPLACE TRIGGER sikkerkey_notify_events_appended AFTER INSERT ON {schema}.mt_events
                FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            """, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
