using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Identity.LoggingIn;

/// <summary><c>SikkerKey:LoginThrottle</c>: failures tolerated within the window, and how much an account under attack is slowed down.</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Failures of one account from one address before that address is refused for the account (and, from everywhere, before the account is slowed).</summary>
    [Range(1, 10_000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    [Range(1, 100_000)]
    public int MaxFailuresPerIp { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Added per failure beyond the limit, for attempts on an account that is failing from many addresses.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan AccountDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxAccountDelay { get; set; } = TimeSpan.FromSeconds(5);
}
