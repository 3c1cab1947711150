namespace SikkerKey.Contracts.Accounts;

/// <summary>A member left the vault. Their machines lose every project link and secret grant.</summary>
public sealed record TeamMemberRemoved(Guid UserId, string VaultId, Guid RemovedBy, DateTimeOffset RemovedAt, string? SourceIp = null) : IIntegrationEvent;
