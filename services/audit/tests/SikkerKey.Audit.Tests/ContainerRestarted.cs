using SikkerKey.Contracts;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// A contract the audit service has never heard of, with a field it must never show: it stands for whatever
/// integration event another service adds next.
/// </summary>
public sealed record ContainerRestarted(Guid MachineId, string VaultId, string Reason, string PrivateKey, Guid RestartedBy, DateTimeOffset RestartedAt)
    : IIntegrationEvent;
