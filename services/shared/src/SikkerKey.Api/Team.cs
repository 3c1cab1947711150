namespace SikkerKey.Api;

/// <summary>A member of the vault; <c>permissions</c> maps project ids to permission names.</summary>
public sealed record Member(Guid UserId, string Email, string Role, IReadOnlyDictionary<string, string[]> Permissions, DateTimeOffset AddedAt);

/// <summary><c>GET /api/team/members</c>.</summary>
public sealed record MemberList(IReadOnlyList<Member> Members);

/// <summary><c>POST /api/team/members</c>; <c>role</c> is member (the default), auditor or admin.</summary>
public sealed record AddMemberRequest(string? Email, string? Password, string? Role);

public sealed record AddedMember(Guid UserId, string Email, string Role);

/// <summary><c>PUT /api/projects/{projectId}/members/{userId}</c>: the member's whole set on that project (empty removes all).</summary>
public sealed record PermissionsRequest(IReadOnlyList<string?>? Permissions);

public sealed record PermissionsSet(Guid UserId, string ProjectId, IReadOnlyList<string> Permissions);
