namespace SikkerKey.Contracts.Machines;

public sealed record MachineDisabled(Guid MachineId, string VaultId, Guid DisabledBy, DateTimeOffset DisabledAt, string? SourceIp = null) : IIntegrationEvent;
