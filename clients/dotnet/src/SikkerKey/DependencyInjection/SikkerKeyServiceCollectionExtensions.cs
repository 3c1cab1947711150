using Microsoft.Extensions.DependencyInjection.Extensions;
using SikkerKey;

namespace Microsoft.Extensions.DependencyInjection;

public static class SikkerKeyServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="SikkerKeyClient"/> for the app. The identity is read when the client is first
    /// resolved; a <see cref="TimeProvider"/> registered in the container is used as its clock.
    /// </summary>
    public static IServiceCollection AddSikkerKey(this IServiceCollection services, Action<SikkerKeyOptions>? configure = null)
    {
        services.TryAddSingleton(provider =>
        {
            var options = new SikkerKeyOptions { TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System };
            configure?.Invoke(options);
            return new SikkerKeyClient(options);
        });
        return services;
    }
}
