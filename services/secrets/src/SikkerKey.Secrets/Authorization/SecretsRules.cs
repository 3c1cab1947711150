using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Secrets.Authorization;

/// <summary>
/// Every authorization rule of the secrets service, one named rule per action; endpoints call these and write no
/// checks of their own. Vault membership (another vault's ids do not exist: 404) is checked by the loaders
/// (<c>ProjectAccess</c>, <c>SecretAccess</c>) before any rule. Route groups add the coarse gates: <c>/api/projects</c>
/// and <c>/api/secrets</c> need a team member (auditors never; the reveal lets every user in and refuses an auditor
/// here, so the refusal is audited as <c>secret_read_denied</c> like a member's), <c>/v1</c> a machine whose signature and status the
/// identity service verified, and <see cref="ManageProjects"/>/<see cref="ChangeGrantsByHand"/> actions an owner or admin.
/// </summary>
public static class SecretsRules
{
    /// <summary>Owners and admins see every project; members those they hold any permission on.</summary>
    public static bool SeeProject(Principal caller, string projectId) =>
        caller.IsVaultAdmin || (caller.Role == Roles.Member && caller.Permissions?.GetValueOrDefault(projectId)?.Length > 0);

    /// <summary>Create, rename, delete projects.</summary>
    public static bool ManageProjects(Principal caller) => caller.IsVaultAdmin;

    /// <summary>Values: Read Secrets, nothing else. Manage Secrets alone may write a value, never read one back (write-only, like Vault's update without read).</summary>
    public static bool ReadSecrets(Principal caller, string projectId) => caller.Has(projectId, Permissions.ReadSecrets);

    /// <summary>What a project's secrets are, without values (names, versions, grants): Read Secrets or Manage Secrets.</summary>
    public static bool ListSecrets(Principal caller, string projectId) =>
        ReadSecrets(caller, projectId) || caller.Has(projectId, Permissions.ManageSecrets);

    /// <summary>Create, change, roll back, trash and restore a project's secrets.</summary>
    public static bool ManageSecrets(Principal caller, string projectId) => caller.Has(projectId, Permissions.ManageSecrets);

    /// <summary>Provision a machine on a project and grant it secrets: see <see cref="ProvisioningRule"/> (shared with the bundle download).</summary>
    public static string? ProvisionProblem(Principal caller, string projectId) => ProvisioningRule.Problem(caller, projectId);

    /// <summary>Grant or ungrant one secret to an existing machine by hand.</summary>
    public static bool ChangeGrantsByHand(Principal caller) => caller.IsVaultAdmin;

    /// <summary>A member's grants on a project outlive a change of their permissions only while they may still read it.</summary>
    public static bool KeepsGrantsOf(IReadOnlyList<string> memberPermissions) => memberPermissions.Contains(Permissions.ReadSecrets);

    /// <summary>
    /// A machine reads a granted secret only while its owner may read it, checked on every request with the owner's
    /// current role and permissions (the identity service puts them in the machine's principal): a member who loses
    /// Read Secrets, or leaves the vault, takes their machines' reads with them at once, not when the bus catches up.
    /// </summary>
    public static bool MachineReads(Principal machine, string projectId) =>
        machine.IsMachine && (machine.Role is Roles.Owner or Roles.Admin
            || (machine.Role == Roles.Member && machine.Permissions?.GetValueOrDefault(projectId)?.Contains(Permissions.ReadSecrets) == true));

    /// <summary>Not a permission a member holds: the loaders' name for <see cref="ListSecrets"/>.</summary>
    public const string ListSecretsPermission = "ListSecrets";

    /// <summary>The rule behind a permission name, for loaders that take one.</summary>
    public static bool Holds(Principal caller, string projectId, string permission) => permission switch
    {
        Permissions.ReadSecrets => ReadSecrets(caller, projectId),
        ListSecretsPermission => ListSecrets(caller, projectId),
        Permissions.ManageSecrets => ManageSecrets(caller, projectId),
        _ => caller.Has(projectId, permission),
    };
}
