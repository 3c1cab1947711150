namespace SikkerKey.Contracts.Accounts;

public sealed record VaultCreated(string VaultId, string Name, Guid OwnerId, int MachineQuota, DateTimeOffset CreatedAt, string? SourceIp = null) : IIntegrationEvent;
