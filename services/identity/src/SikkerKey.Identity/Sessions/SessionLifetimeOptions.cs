using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Identity.Sessions;

/// <summary><c>SikkerKey:Sessions</c>.</summary>
public sealed class SessionLifetimeOptions
{
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);
}
