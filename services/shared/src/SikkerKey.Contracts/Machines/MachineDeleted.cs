namespace SikkerKey.Contracts.Machines;

/// <summary>The machine and all its grants are gone.</summary>
public sealed record MachineDeleted(Guid MachineId, string VaultId, Guid DeletedBy, DateTimeOffset DeletedAt, string? SourceIp = null) : IIntegrationEvent;
