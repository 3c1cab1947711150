namespace SikkerKey.Contracts.Secrets;

/// <summary>A machine's grants on one project were added to (<paramref name="Granted"/>) or taken away (<paramref name="Revoked"/>).</summary>
public sealed record GrantsChanged(Guid MachineId, string ProjectId, string VaultId, IReadOnlyList<string> Granted, IReadOnlyList<string> Revoked,
    string Reason, Guid? ChangedBy, DateTimeOffset ChangedAt, string? SourceIp = null) : IIntegrationEvent;
