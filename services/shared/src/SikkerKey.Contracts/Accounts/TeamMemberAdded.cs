namespace SikkerKey.Contracts.Accounts;

/// <summary>A user joined a vault: its owner at sign-up (no <paramref name="AddedBy"/>), or a member added by an admin.</summary>
public sealed record TeamMemberAdded(Guid UserId, string VaultId, string Email, string Role, Guid? AddedBy, DateTimeOffset AddedAt, string? SourceIp = null) : IIntegrationEvent;
