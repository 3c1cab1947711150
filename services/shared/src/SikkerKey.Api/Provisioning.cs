namespace SikkerKey.Api;

/// <summary><c>POST /api/integrations/docker/containers</c>: either <c>secretIds</c> or <c>allSecrets: true</c>.</summary>
public sealed record ProvisionRequest(string? MachineName, string? ProjectId, IReadOnlyList<string?>? SecretIds, bool AllSecrets = false);

/// <summary>The provisioned machine and its single-use bundle download, valid until <c>expiresAt</c>.</summary>
public sealed record Provisioned(Guid MachineId, string MachineName, string DownloadUrl, DateTimeOffset ExpiresAt);

/// <summary>The gateway's <c>GET /api/tls</c>: HTTPS on, and its certificate from a CA clients must be told to trust.</summary>
public sealed record TlsStatus(bool Https, bool PrivateCa);
