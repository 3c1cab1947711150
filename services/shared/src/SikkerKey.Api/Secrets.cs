using System.Text.Json;
using System.Text.Json.Serialization;

namespace SikkerKey.Api;

/// <summary>A secret as a project's list shows it (never its value).</summary>
public sealed record SecretItem(string Id, string Name, string Type, IReadOnlyList<string>? FieldNames, int Version, DateTimeOffset? DeletedAt);

/// <summary><c>GET /api/projects/{id}/secrets?trash=&amp;limit=&amp;cursor=</c>.</summary>
public sealed record SecretList(IReadOnlyList<SecretItem> Secrets, string? NextCursor) : IPage<SecretItem>
{
    IReadOnlyList<SecretItem> IPage<SecretItem>.Items => Secrets;
}

/// <summary><c>GET /api/secrets/{id}</c> (a reveal): a plain secret has <c>value</c>, a structured one <c>fields</c>; the other is null.</summary>
public sealed record SecretDetail(string Id, string Name, string Type, string? Value, Dictionary<string, string>? Fields, int Version);

/// <summary>What creating, changing or rolling back a secret answers.</summary>
public sealed record SecretSummary(string Id, string Name, string Type, int Version);

/// <summary>
/// <c>POST /api/projects/{id}/secrets</c> and <c>PUT /api/secrets/{id}</c>: a plain secret sends <c>value</c> (a string),
/// a structured one <c>fields</c> (an object of strings), and the other is left out. Raw JSON, so the service can say
/// what is wrong with a value of the wrong kind.
/// </summary>
public sealed record SecretBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Fields);

public sealed record SecretVersionItem(int Version, DateTimeOffset CreatedAt, Guid CreatedBy);

/// <summary><c>GET /api/secrets/{id}/versions</c>, newest first.</summary>
public sealed record SecretVersionList(IReadOnlyList<SecretVersionItem> Versions);

/// <summary><c>POST /api/secrets/{id}/rollback</c>.</summary>
public sealed record RollbackRequest(int? Version);

/// <summary><c>GET /api/secrets/{id}/grants</c>: the machines that may read the secret.</summary>
public sealed record GrantList(IReadOnlyList<Guid> MachineIds);
