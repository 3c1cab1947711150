namespace SikkerKey.Api;

/// <summary><c>POST /api/auth/login</c>.</summary>
public sealed record LoginRequest(string? Email, string? Password);

/// <summary><c>GET /api/me</c>: who the session belongs to; <c>permissions</c> maps project ids to permission names.</summary>
public sealed record CurrentUser(string UserId, string Email, string VaultId, string Role, IReadOnlyDictionary<string, string[]> Permissions);
