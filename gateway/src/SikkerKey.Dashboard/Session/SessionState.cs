using SikkerKey.Api;
using SikkerKey.Dashboard.Api;

namespace SikkerKey.Dashboard.Session;

/// <summary>
/// Who is signed in, as <c>GET /api/me</c> said, held only in memory for this tab: the session itself is the
/// HttpOnly cookie, so a reload asks the server again.
/// </summary>
public sealed class SessionState
{
    public const string ReadSecrets = "ReadSecrets";
    public const string ManageSecrets = "ManageSecrets";
    public const string ManageProvisionedMachines = "ManageProvisionedMachines";

    public CurrentUser? Current { get; private set; }

    /// <summary>Why the user is on Sign in (their session ended), shown once there.</summary>
    public string? Message { get; set; }

    public bool Loaded { get; private set; }

    public event Action? Changed;

    public bool IsAdmin => Current?.Role is "owner" or "admin";

    public bool IsAuditor => Current?.Role == "auditor";

    public bool CanReadAudit => IsAdmin || IsAuditor;

    public bool CanUseProjects => Current is not null && !IsAuditor;

    public bool Holds(string projectId, string permission) =>
        IsAdmin || (Current?.Permissions?.TryGetValue(projectId, out var held) == true && held.Contains(permission));

    /// <summary>A grant never exceeds its granter: provisioning needs Manage Provisioned Machines and Read Secrets.</summary>
    public bool CanProvision(string projectId) => Holds(projectId, ManageProvisionedMachines) && Holds(projectId, ReadSecrets);

    public void SignedIn(CurrentUser me)
    {
        Current = me;
        Loaded = true;
        Message = null;
        Changed?.Invoke();
    }

    public void End(string? message)
    {
        Current = null;
        Loaded = true;
        Message = message;
        Changed?.Invoke();
    }
}
