using Microsoft.Extensions.Hosting;
using System.Threading.Channels;

namespace SikkerKey.ServiceDefaults.Backbone;

/// <summary>
/// Group commit (issue 15): requests queue an item and one writer writes whatever queued while its previous statement
/// ran, in one statement and so one commit, then answers each request from that statement's result. It never waits to
/// gather a batch: a lone request is written at once. A request hears its answer only once the commit holding its item
/// is done; a failed statement fails every request in it with the same exception (a 503 when the database is down).
/// </summary>
public abstract class GroupCommit<TItem, TResult> : BackgroundService
{
    /// <summary>Bounds one statement's parameters; a larger queue is simply written by the next statement.</summary>
    private const int MaxBatch = 512;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    protected sealed record Pending(TItem Item, TaskCompletionSource<TResult> Answer);

    /// <summary>Queues <paramref name="item"/>; a cancelled request stops waiting, and only it: its item may still be written.</summary>
    protected async Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        // Continuations run off the writer's thread, so answering one request never delays the next batch.
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
            throw new OperationCanceledException("the service is shutting down");
        return await pending.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes the batch in one statement and answers each of its requests (<see cref="Pending.Answer"/>).</summary>
    protected abstract Task WriteAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                    batch.Add(pending);
                try
                {
                    await WriteAsync(batch, stoppingToken);
                }
                catch (Exception exception)
                {
                    foreach (var pending in batch)
                        pending.Answer.TrySetException(exception);
                }
                batch.Clear();
            }
        }
        finally
        {
            // Requests still queued at shutdown are answered (a 503 the client retries), never left hanging.
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var pending))
                pending.Answer.TrySetCanceled(stoppingToken);
        }
    }
}
