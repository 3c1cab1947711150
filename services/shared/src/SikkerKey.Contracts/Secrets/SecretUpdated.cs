namespace SikkerKey.Contracts.Secrets;

/// <summary>A new version (a new value, or a rollback: then <paramref name="RolledBackTo"/> names the version copied).</summary>
public sealed record SecretUpdated(string SecretId, string ProjectId, string VaultId, int Version, IReadOnlyList<string>? FieldNames,
    int? RolledBackTo, Guid UpdatedBy, DateTimeOffset UpdatedAt, string? SourceIp = null) : IIntegrationEvent;
