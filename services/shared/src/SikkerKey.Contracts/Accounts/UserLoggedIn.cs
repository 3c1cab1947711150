namespace SikkerKey.Contracts.Accounts;

public sealed record UserLoggedIn(Guid UserId, string VaultId, string SourceIp, DateTimeOffset LoggedInAt) : IIntegrationEvent;
