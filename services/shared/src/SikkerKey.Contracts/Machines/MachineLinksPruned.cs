namespace SikkerKey.Contracts.Machines;

/// <summary>The machine lost its project links and secret grants because its owner left the vault.</summary>
public sealed record MachineLinksPruned(Guid MachineId, string VaultId, Guid OwnerId, DateTimeOffset PrunedAt) : IIntegrationEvent;
