using System.Text.Json.Serialization;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>Who is calling, as established at the edge: a signed-in user, a machine with a verified signature, or another service.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PrincipalKind>))]
public enum PrincipalKind
{
    User,
    Machine,
    Service,
    /// <summary>A request to a public route (login, signup): no one yet, but the gateway still vouches for the client address.</summary>
    Anonymous,
}

/// <summary>
/// The caller of one request, resolved by the gateway through the identity service and handed to the
/// service behind it in an HMAC-signed header (<see cref="PrincipalHeader"/>).
/// </summary>
/// <param name="Permissions">For members: project id → granted permissions. Owners and admins hold all.</param>
/// <param name="SourceIp">The client address the gateway saw. Services take it only from here, inside the MAC,
/// never from a bare <c>X-Forwarded-For</c> that any local process could send.</param>
/// <param name="OverHttps">The client reached the gateway over HTTPS (or a trusted proxy in front of it says so). The
/// services behind it are called over plain HTTP on a private network, so this is how identity knows to mark its
/// session cookies <c>Secure</c>.</param>
public sealed record Principal(
    PrincipalKind Kind,
    string Id,
    string? VaultId,
    string? Role = null,
    string? Email = null,
    string? SessionId = null,
    IReadOnlyDictionary<string, string[]>? Permissions = null,
    string? SourceIp = null,
    bool OverHttps = false)
{
    public bool IsUser => Kind == PrincipalKind.User;
    public bool IsMachine => Kind == PrincipalKind.Machine;
    public bool IsService => Kind == PrincipalKind.Service;

    /// <summary>Owners and admins manage the whole vault.</summary>
    public bool IsVaultAdmin => IsUser && Role is Roles.Owner or Roles.Admin;

    public bool Has(string projectId, string permission) =>
        IsVaultAdmin || (Role == Roles.Member && Permissions?.GetValueOrDefault(projectId)?.Contains(permission) == true);

    public static Principal ServiceNamed(string name) => new(PrincipalKind.Service, name, VaultId: null);

    public static Principal AnonymousFrom(string sourceIp) => new(PrincipalKind.Anonymous, "anonymous", VaultId: null, SourceIp: sourceIp);
}
