namespace SikkerKey;

public enum SecretChangeStatus
{
    /// <summary>A new version since this machine last read it.</summary>
    Changed,
    Deleted,
    /// <summary>The machine's grant was removed.</summary>
    AccessDenied,
}

/// <summary>What the poll endpoint reported about one watched secret.</summary>
public sealed record SecretChange(string SecretId, SecretChangeStatus Status);
