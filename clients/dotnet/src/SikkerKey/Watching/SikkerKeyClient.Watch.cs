namespace SikkerKey;

public sealed partial class SikkerKeyClient
{
    private static readonly TimeSpan DefaultWatchInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Asks once which of these secrets changed since this machine last read them. The first poll of a secret
    /// never read records its version and reports nothing.
    /// </summary>
    public async Task<IReadOnlyList<SecretChange>> PollAsync(IEnumerable<string> secretIds, CancellationToken cancellationToken = default)
    {
        var body = Json.Serialize(new PollRequest([.. secretIds]), WireJson.Default.PollRequest);
        var answer = await _transport.SendAsync(HttpMethod.Post, "/v1/secrets/poll", body, WireJson.Default.PollResponse,
            cancellationToken).ConfigureAwait(false);
        return [.. answer.Changes.Select(c => ToChange(c.Key, c.Value.Status)).OfType<SecretChange>()];
    }

    /// <summary>
    /// Polls in the background (first at once, then every <paramref name="interval"/>, default 10 s) and calls
    /// <paramref name="onChange"/> for each change; deletion and loss of access are reported once, not on every poll.
    /// Errors, including those of <paramref name="onChange"/>, go to <paramref name="onError"/> and polling goes on.
    /// Dispose the watcher to stop.
    /// </summary>
    public SecretWatcher Watch(
        IEnumerable<string> secretIds, Func<SecretChange, Task> onChange, TimeSpan? interval = null, Action<Exception>? onError = null)
    {
        IReadOnlyCollection<string> ids = [.. secretIds];
        return Watch(() => ids, async changes =>
        {
            foreach (var change in changes)
                await onChange(change).ConfigureAwait(false);
        }, interval, onError);
    }

    internal SecretWatcher Watch(
        Func<IReadOnlyCollection<string>> secretIds, Func<IReadOnlyList<SecretChange>, Task> onChanges, TimeSpan? interval,
        Action<Exception>? onError) =>
        new(this, secretIds, onChanges, interval ?? DefaultWatchInterval, _time, onError);

    // Statuses a newer server may add are skipped rather than failing the whole poll.
    private static SecretChange? ToChange(string secretId, string status) => status switch
    {
        "changed" => new SecretChange(secretId, SecretChangeStatus.Changed),
        "deleted" => new SecretChange(secretId, SecretChangeStatus.Deleted),
        "access_denied" => new SecretChange(secretId, SecretChangeStatus.AccessDenied),
        _ => null,
    };
}
