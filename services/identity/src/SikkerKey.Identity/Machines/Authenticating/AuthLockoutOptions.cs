using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// After <see cref="Failures"/> refused signed requests within <see cref="Window"/> from one known machine (or, naming
/// no known machine, from one address), its further refused requests get 429 until the window has passed (<c>SIKKERKEY_AUTH_LOCKOUT_FAILURES</c>, <c>SIKKERKEY_AUTH_LOCKOUT_WINDOW</c>).
/// </summary>
public sealed class AuthLockoutOptions
{
    [Range(1, 1_000_000)]
    public int Failures { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The product's environment names win; the window may be given in seconds or as a time span.</summary>
    public static void ApplyEnvironment(AuthLockoutOptions options, IConfiguration configuration)
    {
        if (int.TryParse(configuration["SIKKERKEY_AUTH_LOCKOUT_FAILURES"], out var failures))
            options.Failures = failures;
        var window = configuration["SIKKERKEY_AUTH_LOCKOUT_WINDOW"];
        if (int.TryParse(window, out var seconds))
            options.Window = TimeSpan.FromSeconds(seconds);
        else if (TimeSpan.TryParse(window, System.Globalization.CultureInfo.InvariantCulture, out var span))
            options.Window = span;
    }
}
