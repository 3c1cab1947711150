namespace SikkerKey.Contracts.Accounts;

/// <summary>A refused login. <paramref name="UserId"/> and <paramref name="VaultId"/> are null when the email is unknown.</summary>
public sealed record UserLoginFailed(Guid? UserId, string? VaultId, string Email, string Reason, string SourceIp, DateTimeOffset FailedAt) : IIntegrationEvent;
