namespace SikkerKey;

/// <summary>
/// The server repeats <c>deleted</c> and <c>access_denied</c> on every poll while they hold; a watcher passes
/// each on once, until the secret's state changes again.
/// </summary>
internal sealed class ChangeFilter
{
    private readonly Dictionary<string, SecretChangeStatus> _lasting = new(StringComparer.Ordinal);

    public List<SecretChange> New(IReadOnlyList<SecretChange> reported)
    {
        foreach (var gone in _lasting.Keys.Except(reported.Select(c => c.SecretId)).ToList())
            _lasting.Remove(gone);
        var fresh = new List<SecretChange>();
        foreach (var change in reported)
        {
            if (change.Status != SecretChangeStatus.Changed && _lasting.TryGetValue(change.SecretId, out var last) && last == change.Status)
                continue;
            if (change.Status == SecretChangeStatus.Changed)
                _lasting.Remove(change.SecretId);
            else
                _lasting[change.SecretId] = change.Status;
            fresh.Add(change);
        }
        return fresh;
    }
}
