namespace SikkerKey.Contracts.Accounts;

/// <summary>A member's permissions on one project were replaced by <paramref name="Permissions"/> (empty: none).</summary>
public sealed record PermissionsChanged(Guid UserId, string VaultId, string ProjectId, IReadOnlyList<string> Permissions, Guid ChangedBy, DateTimeOffset ChangedAt, string? SourceIp = null) : IIntegrationEvent;
