namespace SikkerKey.Contracts.Secrets;

/// <summary>A secret's first version. Never carries the value: values live encrypted in deletable documents.</summary>
public sealed record SecretCreated(string SecretId, string ProjectId, string VaultId, string Name, string Type,
    IReadOnlyList<string>? FieldNames, int Version, Guid CreatedBy, DateTimeOffset CreatedAt, string? SourceIp = null) : IIntegrationEvent;
