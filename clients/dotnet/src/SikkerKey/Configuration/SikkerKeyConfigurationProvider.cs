using Microsoft.Extensions.Configuration;

namespace SikkerKey;

/// <summary>Loads granted secrets into configuration with one export, then reloads when the poll endpoint reports a change.</summary>
internal sealed class SikkerKeyConfigurationProvider(SikkerKeyConfigurationOptions options) : ConfigurationProvider, IDisposable
{
    private SikkerKeyClient? _client;
    private SecretWatcher? _watcher;
    private IReadOnlyCollection<string> _loadedIds = [];

    // IConfigurationProvider.Load is synchronous; there is no synchronization context at configuration time.
    public override void Load()
    {
        try
        {
            _client ??= new SikkerKeyClient(options.Client);
            FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (SikkerKeyException) when (options.Optional)
        {
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            return;
        }
        if (options.ReloadInterval is { } interval)
            _watcher ??= _client.Watch(() => _loadedIds, ReloadAsync, interval, options.OnReloadError);
    }

    private async Task FetchAsync(CancellationToken ct)
    {
        var secrets = await _client!.ExportSecretsAsync(options.ProjectId, ct).ConfigureAwait(false);
        Data = ConfigurationKeys.Map(secrets, options.KeyPrefix);
        _loadedIds = [.. secrets.Select(s => s.Id)];
    }

    private async Task ReloadAsync(IReadOnlyList<SecretChange> changes)
    {
        await FetchAsync(CancellationToken.None).ConfigureAwait(false);
        OnReload();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _client?.Dispose();
    }
}
