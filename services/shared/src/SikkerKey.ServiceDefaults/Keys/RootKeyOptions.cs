using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SikkerKey.ServiceDefaults.Keys;

/// <summary>
/// The server's root key (<c>SikkerKey:RootKey</c> base64 of 32 bytes, or <c>SikkerKey:RootKeyFile</c>): the secrets
/// service wraps project keys under it, and nothing else holds it. During a rotation the previous key is configured
/// as <c>SikkerKey:RetiredRootKey</c> / <c>SikkerKey:RetiredRootKeyFile</c>: project keys still wrapped under it keep
/// opening (a replica that has not seen the rewrap, a restored backup) until an explicit retirement proves nothing
/// needs it any more. New keys are only ever wrapped under the current one.
/// </summary>
public sealed class RootKeyOptions
{
    public const int KeySize = 32;

    public string? RootKey { get; set; }

    public string? RootKeyFile { get; set; }

    public string? RetiredRootKey { get; set; }

    public string? RetiredRootKeyFile { get; set; }

    public byte[] Resolve() => ConfiguredKey.Read(RootKey, RootKeyFile, nameof(RootKey), KeySize, KeySize);

    /// <summary>The retired root key, or null when no rotation is under way.</summary>
    public byte[]? ResolveRetired() =>
        string.IsNullOrWhiteSpace(RetiredRootKey) && string.IsNullOrWhiteSpace(RetiredRootKeyFile)
            ? null
            : ConfiguredKey.Read(RetiredRootKey, RetiredRootKeyFile, nameof(RetiredRootKey), KeySize, KeySize);

    /// <summary>Both keys usable, and the retired one really another key (a copy of the current one hides a failed swap).</summary>
    internal bool IsValid()
    {
        var current = Resolve();
        var retired = ResolveRetired();
        try
        {
            return retired is null || !CryptographicOperations.FixedTimeEquals(current, retired);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            if (retired is not null)
                CryptographicOperations.ZeroMemory(retired);
        }
    }
}

public static class RootKeyExtensions
{
    /// <summary>Binds the root key and refuses to start without a usable one, rather than failing on the first request.</summary>
    public static IServiceCollection AddRootKey(this IServiceCollection services)
    {
        services.AddOptions<RootKeyOptions>().BindConfiguration("SikkerKey").ValidateOnStart();
        services.AddSingleton<IValidateOptions<RootKeyOptions>, RootKeyValidation>();
        return services;
    }

    /// <summary>
    /// Says what exactly is wrong (the setting that is missing, the file that cannot be read, the key that is not
    /// base64 of 32 bytes), so an operator reads the cause in one line; the messages name settings and paths, never a key.
    /// </summary>
    private sealed class RootKeyValidation : IValidateOptions<RootKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, RootKeyOptions options)
        {
            try
            {
                return options.IsValid() ? ValidateOptionsResult.Success
                    : ValidateOptionsResult.Fail("SikkerKey:RetiredRootKey is the same key as SikkerKey:RootKey: a rotation must retire another key");
            }
            catch (InvalidOperationException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
