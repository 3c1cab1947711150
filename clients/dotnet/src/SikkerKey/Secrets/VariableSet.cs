namespace SikkerKey;

/// <summary>
/// Environment variables gathered from several secrets (see <see cref="EnvVarNames"/>): a structured secret gives one
/// variable per field. Refuses a secret whose name gives no variable name, and two secrets setting one variable.
/// </summary>
/// <param name="prefix">Put before every name, e.g. <c>APP_</c>.</param>
/// <param name="collisionFix">What the user can do about two secrets setting one variable.</param>
internal sealed class VariableSet(string prefix, string collisionFix)
{
    private readonly Dictionary<string, (string Value, string SecretId)> _variables = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Variables => _variables.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal);

    /// <param name="baseName">What the variables are named after: the secret's name, or its id.</param>
    public void AddSecret(ExportedSecret secret, string baseName)
    {
        if (secret.FieldNames is null)
            Add(baseName, null, secret.Value, secret.Id);
        else
            foreach (var (field, value) in StructuredValue.Parse(secret.Id, secret.Value))
                Add(baseName, field, value, secret.Id);
    }

    /// <param name="field">The field of a structured secret; <c>null</c> for a plain secret.</param>
    public void Add(string baseName, string? field, string value, string secretId)
    {
        if (EnvVarNames.ForSecret(baseName).Length == 0)
            throw new ConflictException($"The name of secret {secretId} (\"{baseName}\") gives no environment variable name: rename it.");
        if (field is not null && EnvVarNames.ForSecret(field).Length == 0)
            throw new ConflictException($"Field \"{field}\" of secret {secretId} gives no environment variable name: rename it.");
        var name = prefix + (field is null ? EnvVarNames.ForSecret(baseName) : EnvVarNames.ForField(baseName, field));
        if (_variables.TryGetValue(name, out var taken))
            throw new ConflictException(taken.SecretId == secretId
                ? $"Two fields of secret {secretId} both set {name}: rename one of them."
                : $"Secrets {taken.SecretId} and {secretId} both set {name}: {collisionFix}.");
        _variables.Add(name, (value, secretId));
    }
}
