namespace SikkerKey.Contracts.Secrets;

/// <summary>
/// A machine read many secrets' values in one request (an export): one message for what would otherwise be one
/// <see cref="SecretRead"/> per secret, each published, consumed and acknowledged on its own (issue 22: that was most
/// of an export's cost). The audit log still records one <c>secret_read</c> entry per secret, as for a single read.
/// </summary>
public sealed record SecretsRead(Guid MachineId, string VaultId, string SourceIp, IReadOnlyList<SecretVersionRead> Secrets, DateTimeOffset ReadAt) : IIntegrationEvent
{
    /// <summary>At most this many secrets per message, so one audit commit stays bounded however large the export.</summary>
    public const int MaxSecrets = 1000;
}

/// <summary>One secret of a <see cref="SecretsRead"/>: which, in which project, at which version.</summary>
public sealed record SecretVersionRead(string SecretId, string ProjectId, int Version);
