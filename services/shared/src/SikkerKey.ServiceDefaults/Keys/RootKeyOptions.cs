using Microsoft.Extensions.DependencyInjection;

namespace SikkerKey.ServiceDefaults.Keys;

/// <summary>
/// The server's root key (<c>SikkerKey:RootKey</c> base64 of 32 bytes, or <c>SikkerKey:RootKeyFile</c>): the secrets
/// service wraps project keys under it, the provisioning service derives its bundle key from it.
/// </summary>
public sealed class RootKeyOptions
{
    public const int KeySize = 32;

    public string? RootKey { get; set; }

    public string? RootKeyFile { get; set; }

    public byte[] Resolve() => ConfiguredKey.Read(RootKey, RootKeyFile, nameof(RootKey), KeySize, KeySize);
}

public static class RootKeyExtensions
{
    /// <summary>Binds the root key and refuses to start without a usable one, rather than failing on the first request.</summary>
    public static IServiceCollection AddRootKey(this IServiceCollection services)
    {
        services.AddOptions<RootKeyOptions>().BindConfiguration("SikkerKey")
            .Validate(o => ConfiguredKey.Resolves(o.Resolve), "SikkerKey:RootKey (base64 of 32 bytes) or SikkerKey:RootKeyFile must be configured")
            .ValidateOnStart();
        return services;
    }
}
