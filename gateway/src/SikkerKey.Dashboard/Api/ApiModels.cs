namespace SikkerKey.Dashboard.Api;

// The management API's JSON as PRODUCT.md names it (camelCase on the wire, read with JsonSerializerDefaults.Web).

public sealed record ApiError(string Error);

public sealed record LoginRequest(string Email, string Password);

public sealed record CurrentUser(string UserId, string Email, string VaultId, string Role, IReadOnlyDictionary<string, string[]>? Permissions);

public sealed record Project(string Id, string Name, DateTimeOffset? CreatedAt);

public sealed record ProjectList(IReadOnlyList<Project> Projects);

public sealed record NameRequest(string? Name);

public sealed record SecretItem(string Id, string Name, string Type, IReadOnlyList<string>? FieldNames, int Version, DateTimeOffset? DeletedAt);

public sealed record SecretList(IReadOnlyList<SecretItem> Secrets, string? NextCursor) : IPage<SecretItem>
{
    IReadOnlyList<SecretItem> IPage<SecretItem>.Items => Secrets;
}

public sealed record SecretDetail(string Id, string Name, string Type, string? Value, Dictionary<string, string>? Fields, int Version);

public sealed record SecretVersion(int Version, DateTimeOffset CreatedAt, Guid CreatedBy);

public sealed record SecretVersionList(IReadOnlyList<SecretVersion> Versions);

public sealed record RollbackRequest(int Version);

public sealed record GrantList(IReadOnlyList<Guid> MachineIds);

public sealed record ProvisionRequest(string? MachineName, string ProjectId, IReadOnlyList<string> SecretIds);

public sealed record Provisioned(Guid MachineId, string MachineName, string DownloadUrl, DateTimeOffset ExpiresAt);

/// <summary>The gateway's <c>GET /api/tls</c>: HTTPS on, and its certificate from a CA clients must be told to trust.</summary>
public sealed record TlsStatus(bool Https, bool PrivateCa);

public sealed record Machine(Guid Id, string Name, string Status, Guid OwnerId, IReadOnlyList<string> ProjectIds,
    string ProvisionedVia, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt);

public sealed record MachineList(IReadOnlyList<Machine> Machines, string? NextCursor) : IPage<Machine>
{
    IReadOnlyList<Machine> IPage<Machine>.Items => Machines;
}

public sealed record Member(Guid UserId, string Email, string Role, IReadOnlyDictionary<string, string[]> Permissions, DateTimeOffset AddedAt);

public sealed record MemberList(IReadOnlyList<Member> Members);

public sealed record AddMemberRequest(string Email, string Password, string Role);

public sealed record AddedMember(Guid UserId);

public sealed record PermissionsRequest(IReadOnlyList<string> Permissions);

public sealed record AuditEntry(Guid Id, DateTimeOffset Timestamp, string Action, string Severity, string ActorKind, string? ActorId,
    string? MachineId, string? SecretId, string? ProjectId, string? SourceIp, string? Detail);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);

public sealed record AuditVerification(bool Valid, long Entries, Guid? FirstBrokenId);

/// <summary>A plain secret sends <c>value</c>, a structured one <c>fields</c>; the other is left out.</summary>
public sealed record SecretBody(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? Fields);
