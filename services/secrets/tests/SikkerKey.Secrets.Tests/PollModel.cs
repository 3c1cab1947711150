namespace SikkerKey.Secrets.Tests;

/// <summary>
/// PRODUCT.md's poll rules as a few lines of state, for <see cref="PollPropertyTests"/> to compare the server with.
/// A watched id is <c>deleted</c> while it is trashed or does not exist for the machine, <c>access_denied</c> while the
/// machine has no grant or its owner may not read the project, <c>changed</c> while its version differs from the one
/// the machine last read; polled for the first time while readable, it records its version and reports nothing.
/// </summary>
public sealed class PollModel
{
    private readonly Dictionary<string, (int Version, string Value, bool Trashed)> secrets = [];
    private readonly HashSet<(Guid Machine, string Secret)> grants = [];
    private readonly Dictionary<(Guid Machine, string Secret), int> baselines = [];
    private readonly HashSet<Guid> revoked = [];
    private readonly Dictionary<Guid, bool> ownerReads = [];

    public IReadOnlyCollection<string> SecretIds => secrets.Keys;

    public void Created(string id, string value) => secrets[id] = (1, value, false);

    public void AddMachine(Guid machine) => ownerReads[machine] = true;

    public void Updated(string id, string value) => secrets[id] = (secrets[id].Version + 1, value, false);

    public void Trashed(string id, bool trashed) => secrets[id] = secrets[id] with { Trashed = trashed };

    public bool IsTrashed(string id) => secrets[id].Trashed;

    public void Granted(Guid machine, string id, bool granted)
    {
        if (granted)
            grants.Add((machine, id));
        else
            grants.Remove((machine, id));
    }

    /// <summary>The owner lost or regained Read Secrets; losing it also prunes the machine's grants in the project.</summary>
    public void OwnerReads(Guid machine, bool reads)
    {
        ownerReads[machine] = reads;
        if (!reads)
            grants.RemoveWhere(g => g.Machine == machine);
    }

    public bool CanOwnerRead(Guid machine) => ownerReads[machine];

    public void Revoked(Guid machine) => revoked.Add(machine);

    public bool IsRevoked(Guid machine) => revoked.Contains(machine);

    /// <summary>What <c>GET /v1/secret/{id}</c> answers (401, 404, 403 or 200 with the value), recording a successful read.</summary>
    public (int Status, string? Value) Read(Guid machine, string id)
    {
        if (revoked.Contains(machine))
            return (401, null);
        if (!secrets.TryGetValue(id, out var secret) || secret.Trashed)
            return (404, null);
        if (!Readable(machine, id))
            return (403, null);
        baselines[(machine, id)] = secret.Version;
        return (200, secret.Value);
    }

    /// <summary>What an export answers, id → value, recording each as read.</summary>
    public Dictionary<string, string> Export(Guid machine)
    {
        var exported = secrets.Where(s => !s.Value.Trashed && Readable(machine, s.Key)).ToDictionary(s => s.Key, s => s.Value.Value);
        foreach (var id in exported.Keys)
            baselines[(machine, id)] = secrets[id].Version;
        return exported;
    }

    /// <summary>A poll's <c>changes</c>, recording the first-polled versions.</summary>
    public Dictionary<string, string> Poll(Guid machine, IEnumerable<string> watched)
    {
        var changes = new Dictionary<string, string>();
        foreach (var id in watched.Distinct())
        {
            if (!secrets.TryGetValue(id, out var secret) || secret.Trashed)
                changes[id] = "deleted";
            else if (!Readable(machine, id))
                changes[id] = "access_denied";
            else if (!baselines.TryGetValue((machine, id), out var baseline))
                baselines[(machine, id)] = secret.Version;
            else if (baseline != secret.Version)
                changes[id] = "changed";
        }
        return changes;
    }

    private bool Readable(Guid machine, string id) => ownerReads[machine] && grants.Contains((machine, id));
}
