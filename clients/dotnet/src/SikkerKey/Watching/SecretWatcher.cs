namespace SikkerKey;

/// <summary>A background poll started by <see cref="SikkerKeyClient.Watch(IEnumerable{string}, Func{SecretChange, Task}, TimeSpan?, Action{Exception}?)"/>; dispose to stop it.</summary>
public sealed class SecretWatcher : IAsyncDisposable, IDisposable
{
    // Set inside the polling loop, so a callback that disposes its own watcher does not wait for itself.
    private static readonly AsyncLocal<SecretWatcher?> Polling = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    internal SecretWatcher(
        SikkerKeyClient client, Func<IReadOnlyCollection<string>> secretIds, Func<IReadOnlyList<SecretChange>, Task> onChanges,
        TimeSpan interval, TimeProvider time, Action<Exception>? onError)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var filter = new ChangeFilter();
        async Task PollOnceAsync(CancellationToken stop)
        {
            var ids = secretIds();
            if (ids.Count == 0)
                return;
            var changes = filter.New(await client.PollAsync(ids, stop).ConfigureAwait(false));
            if (changes.Count > 0)
                await onChanges(changes).ConfigureAwait(false);
        }
        _loop = Task.Run(() =>
        {
            Polling.Value = this;
            return RunAsync(PollOnceAsync, interval, time, onError, _stop.Token);
        });
    }

    private static async Task RunAsync(
        Func<CancellationToken, Task> pollOnce, TimeSpan interval, TimeProvider time, Action<Exception>? onError, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await pollOnce(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                onError?.Invoke(e);
            }
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (Polling.Value == this)
            return;
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping mid-poll is the point of disposing.
        }
        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
