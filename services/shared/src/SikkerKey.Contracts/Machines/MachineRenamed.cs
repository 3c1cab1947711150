namespace SikkerKey.Contracts.Machines;

public sealed record MachineRenamed(Guid MachineId, string VaultId, string OldName, string NewName, Guid RenamedBy, DateTimeOffset RenamedAt, string? SourceIp = null) : IIntegrationEvent;
