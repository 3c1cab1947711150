namespace SikkerKey.Audit.Recording;

/// <summary>Who caused a fact, as PRODUCT.md names it.</summary>
public static class ActorKinds
{
    public const string User = "user";
    public const string Machine = "machine";
    public const string System = "system";
}

public static class Severities
{
    public const string Info = "info";
    /// <summary>Refusals, denials and failures: someone was stopped.</summary>
    public const string Warning = "warning";
    /// <summary>A request signed with the wrong key or replayed: someone is forging or replaying a machine's requests.</summary>
    public const string Critical = "critical";
}
