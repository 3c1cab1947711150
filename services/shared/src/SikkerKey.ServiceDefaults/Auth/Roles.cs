namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>A user's role in their vault.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    /// <summary>Reads the audit log and nothing else.</summary>
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Member, Auditor];
}

/// <summary>Per-project permissions a member can hold.</summary>
public static class Permissions
{
    public const string ReadSecrets = "ReadSecrets";
    public const string ManageSecrets = "ManageSecrets";
    public const string ManageProvisionedMachines = "ManageProvisionedMachines";

    public static readonly IReadOnlyList<string> All = [ReadSecrets, ManageSecrets, ManageProvisionedMachines];
}
