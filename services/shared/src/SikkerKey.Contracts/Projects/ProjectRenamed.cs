namespace SikkerKey.Contracts.Projects;

public sealed record ProjectRenamed(string ProjectId, string VaultId, string OldName, string NewName, Guid RenamedBy, DateTimeOffset RenamedAt, string? SourceIp = null) : IIntegrationEvent;
