namespace SikkerKey.Contracts.Secrets;

/// <summary>A user of the secret's vault asked for its value without the permission to read it (audited as <c>secret_read_denied</c>, actor user).</summary>
public sealed record SecretRevealDenied(string SecretId, string ProjectId, string VaultId, Guid UserId, string Reason, string SourceIp, DateTimeOffset DeniedAt) : IIntegrationEvent;
