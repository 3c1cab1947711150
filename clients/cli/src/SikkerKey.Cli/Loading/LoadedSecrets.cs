namespace SikkerKey.Cli.Loading;

/// <param name="Variables">Environment variable name → value; values never leave memory except into the command's environment.</param>
/// <param name="SecretIds">The secrets read, to watch for changes.</param>
internal sealed record LoadedSecrets(IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> SecretIds)
{
    public bool SameVariables(LoadedSecrets other) =>
        Variables.Count == other.Variables.Count
        && Variables.All(v => other.Variables.TryGetValue(v.Key, out var value) && value == v.Value);
}
