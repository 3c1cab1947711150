using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Audit.Retention;

/// <summary><c>SikkerKey:Audit</c>: how long entries are kept and how often the sweeper looks for older ones.</summary>
public sealed class AuditOptions
{
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 365;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
