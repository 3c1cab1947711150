namespace SikkerKey.Contracts.Machines;

/// <summary>
/// The identity service accepted a machine: approved, owned by <paramref name="OwnerId"/>, linked to
/// <paramref name="ProjectIds"/>. <paramref name="PublicKey"/> is the raw Ed25519 key in base64 (public by nature), empty for a Docker machine, whose keypair is made only when its bundle is downloaded.
/// </summary>
public sealed record MachineRegistered(Guid MachineId, string VaultId, string Name, Guid OwnerId, string PublicKey,
    string ProvisionedVia, IReadOnlyList<string> ProjectIds, DateTimeOffset RegisteredAt, string? SourceIp = null) : IIntegrationEvent;
