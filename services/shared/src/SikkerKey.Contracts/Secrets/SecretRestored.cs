namespace SikkerKey.Contracts.Secrets;

public sealed record SecretRestored(string SecretId, string ProjectId, string VaultId, Guid RestoredBy, DateTimeOffset RestoredAt, string? SourceIp = null) : IIntegrationEvent;
