namespace SikkerKey.Contracts.Projects;

public sealed record ProjectDeleted(string ProjectId, string VaultId, Guid DeletedBy, DateTimeOffset DeletedAt, string? SourceIp = null) : IIntegrationEvent;
