namespace SikkerKey.Contracts.Secrets;

/// <summary>Moved to the trash: unreadable, restorable until it is purged.</summary>
public sealed record SecretDeleted(string SecretId, string ProjectId, string VaultId, Guid DeletedBy, DateTimeOffset DeletedAt, string? SourceIp = null) : IIntegrationEvent;
