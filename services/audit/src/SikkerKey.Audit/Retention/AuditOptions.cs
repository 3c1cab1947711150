using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Audit.Retention;

/// <summary><c>SikkerKey:Audit</c>: retention, checkpoints, and who reads the instance chain.</summary>
public sealed class AuditOptions
{
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 365;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each moving chain's head is signed: at most this long of facts lacks a signature.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// E-mails of the instance administrators besides the first admin (<c>SikkerKey:Admin:Email</c>): they read the
    /// <c>system</c> chain, the facts that belong to no vault. Comma-separated.
    /// </summary>
    public string? InstanceAdmins { get; set; }

    /// <summary>How long a fact may wait unprojected before the service reports itself not ready.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan MaxBacklogAge { get; set; } = TimeSpan.FromMinutes(1);
}
