using SikkerKey.Cli.Caching;

namespace SikkerKey.Cli.Loading;

/// <summary>
/// The secrets a command loads as environment variables: every granted one (of a project, when given), named after
/// the secret's name, or some by id, named after the id (<c>sk_abc123</c> → <c>SK_ABC123</c>).
/// </summary>
internal sealed class SecretSelection
{
    private const string CollisionFix = "rename one of them, or load fewer secrets (--project, --secret)";
    private readonly SikkerKeyClient _client;
    private readonly IReadOnlyList<string>? _ids;
    private readonly string? _projectId;
    private readonly string _prefix;
    private readonly SecretCache? _offline;

    private SecretSelection(SikkerKeyClient client, IReadOnlyList<string>? ids, string? projectId, string prefix, SecretCache? offline) =>
        (_client, _ids, _projectId, _prefix, _offline) = (client, ids, projectId, prefix, offline);

    /// <param name="offline">Read from this cache instead of asking SikkerKey (<c>--offline</c>); it knows no projects.</param>
    public static SecretSelection All(SikkerKeyClient client, string? projectId, string prefix, SecretCache? offline = null) =>
        new(client, null, projectId, prefix, offline);

    public static SecretSelection ById(SikkerKeyClient client, IEnumerable<string> ids, string prefix, SecretCache? offline = null) =>
        new(client, [.. ids.Distinct(StringComparer.Ordinal)], null, prefix, offline);

    /// <summary>Called with what came from the cache on purpose, to say so.</summary>
    public Action<IReadOnlyList<CachedSecret>>? OfflineServed { get; set; }

    /// <summary>Reads the values: one export, or the listing (to know the ids and which are structured) and one read per id.</summary>
    /// <exception cref="ConflictException">Two secrets would set one variable; nothing should run then.</exception>
    public async Task<LoadedSecrets> LoadAsync(CancellationToken cancellationToken)
    {
        var variables = new VariableSet(_prefix, CollisionFix);
        if (_offline is not null)
            return LoadOffline(_offline, variables);
        if (_ids is null)
        {
            var secrets = await _client.ExportSecretsAsync(_projectId, cancellationToken);
            foreach (var secret in secrets)
                variables.AddSecret(secret, secret.Name);
            return new LoadedSecrets(variables.Variables, [.. secrets.Select(s => s.Id)]);
        }
        var chosen = await ChosenAsync(_ids, cancellationToken);
        foreach (var info in chosen)
        {
            var value = await _client.GetSecretAsync(info.Id, cancellationToken);
            variables.AddSecret(new ExportedSecret(info.Id, info.Name, value, info.FieldNames), info.Id);
        }
        return new LoadedSecrets(variables.Variables, [.. chosen.Select(s => s.Id)]);
    }

    private LoadedSecrets LoadOffline(SecretCache cache, VariableSet variables)
    {
        var cached = _ids is null ? OfflineCache.All(cache) : [.. _ids.Select(id => OfflineCache.One(cache, id))];
        foreach (var secret in cached)
            variables.AddSecret(secret.ToExported(), _ids is null ? secret.Name! : secret.SecretId);
        OfflineServed?.Invoke(cached);
        return new LoadedSecrets(variables.Variables, [.. cached.Select(s => s.SecretId)]);
    }

    /// <summary>The variable names only, from the listing (or the cache, offline): no value is read.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken)
    {
        if (_offline is not null)
            return [.. (await LoadAsync(cancellationToken)).Variables.Keys.Order(StringComparer.Ordinal)];
        var variables = new VariableSet(_prefix, CollisionFix);
        var infos = _ids is not null ? await ChosenAsync(_ids, cancellationToken)
            : _projectId is null ? await _client.ListSecretsAsync(cancellationToken)
            : await _client.ListSecretsByProjectAsync(_projectId, cancellationToken);
        foreach (var info in infos)
        {
            var baseName = _ids is null ? info.Name : info.Id;
            if (info.FieldNames is null)
                variables.Add(baseName, null, "", info.Id);
            else
                foreach (var field in info.FieldNames)
                    variables.Add(baseName, field, "", info.Id);
        }
        return [.. variables.Variables.Keys.Order(StringComparer.Ordinal)];
    }

    // Checked against the listing first so that an unknown id stops everything before any value is read.
    private async Task<IReadOnlyList<SecretInfo>> ChosenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var granted = new Dictionary<string, SecretInfo>(StringComparer.Ordinal);
        foreach (var info in await _client.ListSecretsAsync(cancellationToken))
            granted.TryAdd(info.Id, info);
        var unknown = ids.Where(id => !granted.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
            throw new CliException(
                $"no secret {string.Join(", ", unknown)} is granted to machine {_client.Identity.MachineName} ({_client.Identity.MachineId}): " +
                "check the id; 'sikkerkey list' shows the granted secrets");
        return [.. ids.Select(id => granted[id])];
    }
}
