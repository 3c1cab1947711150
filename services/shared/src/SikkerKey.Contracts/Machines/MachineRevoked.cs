namespace SikkerKey.Contracts.Machines;

/// <summary>Final: the machine keeps its record but loses its project links and secret grants and never authenticates again.</summary>
public sealed record MachineRevoked(Guid MachineId, string VaultId, Guid RevokedBy, DateTimeOffset RevokedAt, string? SourceIp = null) : IIntegrationEvent;
