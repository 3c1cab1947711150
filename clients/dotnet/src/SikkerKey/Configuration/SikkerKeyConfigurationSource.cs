using Microsoft.Extensions.Configuration;

namespace SikkerKey;

internal sealed class SikkerKeyConfigurationSource(SikkerKeyConfigurationOptions options) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SikkerKeyConfigurationProvider(options);
}
