namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// The one rule two services apply: the secrets service when it grants a new machine its secrets, the provisioning
/// service each time the bundle is downloaded (permissions are checked when used, not only when granted).
/// </summary>
public static class ProvisioningRule
{
    /// <summary>
    /// Why <paramref name="caller"/> may not provision on the project, or null. A grant never exceeds its granter:
    /// besides Manage Provisioned Machines the caller must be able to read the secrets, so a machine can never read
    /// what its creator could not (like a Vault token that only creates children with a subset of its policies).
    /// </summary>
    public static string? Problem(Principal caller, string projectId) =>
        !caller.Has(projectId, Permissions.ManageProvisionedMachines) ? "you need Manage Provisioned Machines on this project"
        : !caller.Has(projectId, Permissions.ReadSecrets)
            ? "you can grant a machine only secrets you may read yourself: you need Read Secrets on this project"
        : null;
}
