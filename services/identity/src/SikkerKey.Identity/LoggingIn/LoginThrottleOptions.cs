using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Identity.LoggingIn;

/// <summary><c>SikkerKey:LoginThrottle</c>: failures tolerated per account and per source IP within the window.</summary>
public sealed class LoginThrottleOptions
{
    [Range(1, 10_000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    [Range(1, 100_000)]
    public int MaxFailuresPerIp { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
