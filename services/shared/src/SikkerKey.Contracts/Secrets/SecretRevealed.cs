namespace SikkerKey.Contracts.Secrets;

/// <summary>A user revealed a secret's value in the dashboard or through the management API (audited as <c>secret_read</c>, actor user).</summary>
public sealed record SecretRevealed(string SecretId, string ProjectId, string VaultId, int Version, Guid UserId, string SourceIp, DateTimeOffset RevealedAt) : IIntegrationEvent;
