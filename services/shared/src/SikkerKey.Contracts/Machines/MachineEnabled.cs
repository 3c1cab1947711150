namespace SikkerKey.Contracts.Machines;

public sealed record MachineEnabled(Guid MachineId, string VaultId, Guid EnabledBy, DateTimeOffset EnabledAt, string? SourceIp = null) : IIntegrationEvent;
