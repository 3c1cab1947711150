using System.ComponentModel.DataAnnotations;

namespace SikkerKey.Identity.Accounts;

/// <summary><c>SikkerKey:Plan</c>: what a new vault may use.</summary>
public sealed class PlanOptions
{
    /// <summary>Machines a vault may hold (disabled ones count). A test sets it through configuration.</summary>
    [Range(0, 1_000_000)]
    public int DefaultMachineQuota { get; set; } = 25;
}
