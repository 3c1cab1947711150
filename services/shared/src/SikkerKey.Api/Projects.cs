namespace SikkerKey.Api;

/// <summary>A new name: <c>POST /api/projects</c>, <c>PATCH /api/projects/{id}</c>, <c>PATCH /api/machines/{id}</c>.</summary>
public sealed record NameRequest(string? Name);

/// <summary>A project as <c>GET /api/projects</c> lists it.</summary>
public sealed record ProjectItem(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record ProjectList(IReadOnlyList<ProjectItem> Projects);

/// <summary><c>GET /api/projects/{id}</c>.</summary>
public sealed record ProjectDetail(string Id, string Name, string VaultId, DateTimeOffset CreatedAt);

/// <summary>What creating or renaming a project answers.</summary>
public sealed record ProjectSummary(string Id, string Name);
