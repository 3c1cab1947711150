using SikkerKey;

namespace Microsoft.Extensions.Configuration;

public static class SikkerKeyConfigurationExtensions
{
    /// <summary>
    /// Adds the secrets granted to this machine as configuration keys (see <see cref="SikkerKeyConfigurationOptions"/>),
    /// reloaded when SikkerKey reports a change. Values stay in memory only.
    /// </summary>
    public static IConfigurationBuilder AddSikkerKey(this IConfigurationBuilder builder, Action<SikkerKeyConfigurationOptions>? configure = null)
    {
        var options = new SikkerKeyConfigurationOptions();
        configure?.Invoke(options);
        return builder.Add(new SikkerKeyConfigurationSource(options));
    }
}
