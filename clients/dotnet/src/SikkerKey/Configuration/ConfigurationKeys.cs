using Microsoft.Extensions.Configuration;

namespace SikkerKey;

/// <summary>
/// Configuration keys for secrets: the secret's name, with <c>__</c> read as a section separator like
/// environment variables (<c>ConnectionStrings__Default</c> → <c>ConnectionStrings:Default</c>); a structured
/// secret gives one key per field, <c>{name}:{field}</c>.
/// </summary>
internal static class ConfigurationKeys
{
    public static Dictionary<string, string?> Map(IEnumerable<ExportedSecret> secrets, string? prefix)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var secret in secrets)
        {
            var key = Key(prefix, secret.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal));
            if (secret.FieldNames is null)
                data[key] = secret.Value;
            else
                foreach (var (field, value) in StructuredValue.Parse(secret.Id, secret.Value))
                    data[ConfigurationPath.Combine(key, field)] = value;
        }
        return data;
    }

    private static string Key(string? prefix, string name) => prefix is null ? name : ConfigurationPath.Combine(prefix, name);
}
