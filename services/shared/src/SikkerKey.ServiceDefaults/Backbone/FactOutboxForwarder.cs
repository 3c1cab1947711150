using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// Publishes <see cref="FactOutbox"/> rows to RabbitMQ. Every replica runs one: a batch is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> (replicas never publish the same row at once), published with the row's id as the
/// message id, and deleted in the same transaction only after the broker confirmed every message. A crash or a broker
/// outage before that commit leaves the rows for the next try (here or on another replica), and a consumer that
/// already recorded a message skips it by its id: no fact lost, none counted twice. The delete commits without
/// waiting for the disk, since losing it only means publishing the same message ids again.
/// It wakes when this process commits rows (<see cref="FactOutbox.Pulse"/>) and otherwise looks every
/// <see cref="IdlePoll"/> (rows a crashed replica left behind). That look is one autocommit <c>SELECT EXISTS</c>, and
/// the claiming transaction starts only when it finds a row: an idle poll is one round trip, not the three (begin,
/// claim, rollback) an empty claim took (issue 15).
/// </summary>
public sealed class FactOutboxForwarder(FactOutbox outbox, NpgsqlDataSource database, IBus bus, ILogger<FactOutboxForwarder> logger) : BackgroundService
{
    public const int BatchSize = 500;

    /// <summary>How often an idle forwarder looks for rows nobody pulsed about.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly string claim =
        $"SELECT seq, id, type, body::text FROM {outbox.TableName} ORDER BY seq LIMIT {BatchSize} FOR UPDATE SKIP LOCKED";

    private readonly string any = $"SELECT EXISTS (SELECT FROM {outbox.TableName})";

    private readonly string delete = $"SET LOCAL synchronous_commit = off; DELETE FROM {outbox.TableName} WHERE seq = ANY(@seqs)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Drain: a full batch means more may be waiting.
                while (await ForwardBatchAsync(stoppingToken) == BatchSize)
                {
                }
                failures = 0;
                while (!await outbox.WaitAsync(IdlePoll, stoppingToken) && !await AnyWaitingAsync(stoppingToken))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or MassTransitException or OperationCanceledException or InvalidOperationException)
            {
                failures++;
                if (failures == 1 || failures % 10 == 0)
                    logger.LogWarning("Integration events wait for the database or RabbitMQ ({Attempt} attempts): {Reason}", failures, e.GetType().Name);
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(failures - 1, 10))));
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Whether any row waits, here or left by another replica (no lock taken, nothing claimed).</summary>
    private async Task<bool> AnyWaitingAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(any);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Publishes and deletes one batch; returns how many rows it claimed.</summary>
    internal async Task<int> ForwardBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = 0;
        var seqs = new List<long>();
        var messages = new List<(Guid Id, object Message)>();
        await using (var command = new NpgsqlCommand(claim, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed++;
                seqs.Add(reader.GetInt64(0));
                var id = reader.GetGuid(1);
                var type = reader.GetString(2);
                if (FactOutbox.Deserialize(type, reader.GetString(3)) is { } message)
                    messages.Add((id, message));
                else
                    // A row no contract of this build can read (a newer replica wrote it): kept for one that can.
                    seqs.RemoveAt(seqs.Count - 1);
            }
        }
        if (seqs.Count == 0)
            return claimed;

        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(PublishTimeout);
            // Published together: the broker confirms them as they come, rather than one round trip after another.
            await Task.WhenAll(messages.Select(m =>
                bus.Publish(m.Message, m.Message.GetType(), context => context.MessageId = m.Id, timeout.Token)));
        }

        await using (var command = new NpgsqlCommand(delete, connection, transaction))
        {
            command.Parameters.AddWithValue("seqs", seqs.ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }
}
