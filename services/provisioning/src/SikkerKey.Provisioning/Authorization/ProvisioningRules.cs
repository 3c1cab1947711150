using SikkerKey.Provisioning.Provisioning;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Provisioning.Authorization;

/// <summary>
/// Every authorization rule of the provisioning service. Provisioning itself is decided where the facts live: the
/// secrets service checks the project and the grants (<see cref="ProvisioningRule"/>), the identity service the
/// caller's right to own a machine there and the quota. This service decides who may download a bundle.
/// </summary>
public static class ProvisioningRules
{
    public enum DownloadVerdict { Allowed, OtherVault, NotProvisioner, PermissionGone }

    /// <summary>
    /// Only the provisioner or an owner/admin of the vault; the provisioner only while they still may provision on
    /// the project (permissions are checked when used: taking them away also takes away the unused bundle).
    /// </summary>
    public static DownloadVerdict Download(Principal caller, ContainerProvisioning provisioning) =>
        provisioning.VaultId != caller.VaultId ? DownloadVerdict.OtherVault
        : caller.IsVaultAdmin ? DownloadVerdict.Allowed
        : provisioning.ProvisionedBy.ToString() != caller.Id ? DownloadVerdict.NotProvisioner
        : ProvisioningRule.Problem(caller, provisioning.ProjectId) is not null ? DownloadVerdict.PermissionGone
        : DownloadVerdict.Allowed;
}
