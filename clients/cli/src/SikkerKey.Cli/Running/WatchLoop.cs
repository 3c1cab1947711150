using SikkerKey.Cli.Loading;

namespace SikkerKey.Cli.Running;

/// <summary>
/// <c>run --watch</c>: asks SikkerKey every interval whether a loaded secret changed and restarts the command with the
/// new values; stops it when the machine is refused (revoked, disabled, deleted) or loses access to a secret.
/// Network trouble leaves the command running and is tried again at the next interval.
/// </summary>
internal sealed class WatchLoop(Supervisor supervisor, SecretSelection selection, SikkerKeyClient client, CliContext context, TimeSpan interval)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(LoadedSecrets loaded, CancellationToken cancellationToken)
    {
        var child = supervisor.Start(loaded.Variables);
        while (true)
        {
            using var nextPoll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tick = Task.Delay(interval, context.Time, nextPoll.Token);
            var first = await Task.WhenAny(child.Exited, supervisor.Stopping, tick);
            await nextPoll.CancelAsync();
            if (first != tick)
                return await child.Exited;
            var (fresh, stop) = await CheckAsync(loaded, cancellationToken);
            if (stop is not null)
            {
                Say($"{stop}; stopping the command");
                await child.StopAsync(StopGrace, context.Time);
                return ExitCodes.Failure;
            }
            if (fresh is null || fresh.SameVariables(loaded))
            {
                loaded = fresh ?? loaded;
                continue;
            }
            Say($"secrets changed ({string.Join(", ", Changed(loaded, fresh))}); restarting the command");
            await child.StopAsync(StopGrace, context.Time);
            if (supervisor.Stopping.IsCompleted)
                return 128 + await supervisor.Stopping;
            loaded = fresh;
            child = supervisor.Start(loaded.Variables);
        }
    }

    /// <returns>New secrets when a value changed, a reason to stop, or neither.</returns>
    private async Task<(LoadedSecrets? Fresh, string? Stop)> CheckAsync(LoadedSecrets loaded, CancellationToken cancellationToken)
    {
        try
        {
            var changes = await client.PollAsync(loaded.SecretIds, cancellationToken);
            if (changes.FirstOrDefault(c => c.Status == SecretChangeStatus.AccessDenied) is { } denied)
                return (null, $"this machine may no longer read secret {denied.SecretId}");
            return changes.Count == 0 ? (null, null) : (await selection.LoadAsync(cancellationToken), null);
        }
        catch (SikkerKeyException e) when (IsPassing(e))
        {
            Say($"could not check for changes: {ErrorReport.Describe(e)}; the command keeps running");
            return (null, null);
        }
        catch (SikkerKeyException e)
        {
            return (null, ErrorReport.Describe(e));
        }
        catch (CliException e)
        {
            return (null, e.Message);
        }
    }

    private static bool IsPassing(SikkerKeyException e) =>
        e is ConnectionException or RateLimitedException or ServerSealedException || e.StatusCode >= 500;

    // Names of the variables that differ, never their values.
    private static IEnumerable<string> Changed(LoadedSecrets before, LoadedSecrets after) =>
        after.Variables.Where(v => !before.Variables.TryGetValue(v.Key, out var old) || old != v.Value).Select(v => v.Key)
            .Concat(before.Variables.Keys.Where(k => !after.Variables.ContainsKey(k)));

    private void Say(string message) => context.Error.WriteLine($"sikkerkey: {message}");
}
