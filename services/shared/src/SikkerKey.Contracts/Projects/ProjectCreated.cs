namespace SikkerKey.Contracts.Projects;

public sealed record ProjectCreated(string ProjectId, string VaultId, string Name, Guid CreatedBy, DateTimeOffset CreatedAt, string? SourceIp = null) : IIntegrationEvent;
