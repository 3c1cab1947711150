namespace SikkerKey.Identity.Machines.Keying;

/// <summary>
/// A Docker machine's public key, made when its bundle was downloaded. Identity's own fact, not an integration
/// event: the download itself is audited by the provisioning service as <c>bundle_downloaded</c>.
/// </summary>
public sealed record MachineKeyIssued(Guid MachineId, string VaultId, string PublicKey, Guid IssuedBy, DateTimeOffset IssuedAt);

/// <summary>The machine's bundle expired unused: it never got a key and never will.</summary>
public sealed record MachineBundleExpired(Guid MachineId, string VaultId, Guid ProvisioningId, DateTimeOffset ExpiredAt);
