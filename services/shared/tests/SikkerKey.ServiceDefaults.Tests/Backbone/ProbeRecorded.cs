using SikkerKey.Contracts;

namespace SikkerKey.ServiceDefaults.Tests.Backbone;

/// <summary>An integration event that exists only for these tests.</summary>
public sealed record ProbeRecorded(Guid ProbeId, string VaultId, DateTimeOffset RecordedAt) : IIntegrationEvent;
