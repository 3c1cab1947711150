namespace SikkerKey.Gateway.Tests.Authorization;

/// <summary>Who sends a cell's request. Members hold their permissions on project P1 only.</summary>
public enum Actor
{
    Owner,
    Admin,
    /// <summary>Read Secrets.</summary>
    Reader,
    /// <summary>Manage Secrets.</summary>
    Manager,
    /// <summary>Manage Provisioned Machines alone.</summary>
    Provisioner,
    /// <summary>Manage Provisioned Machines and Read Secrets; owns the machine M1.</summary>
    ProvisioningReader,
    /// <summary>A member with no permission anywhere.</summary>
    Powerless,
    Auditor,
    /// <summary>A member removed from the vault, still sending their old token.</summary>
    Removed,
    /// <summary>The owner of another vault.</summary>
    OtherVaultOwner,
    /// <summary>A machine of the vault (signed requests, no user token).</summary>
    Machine,
}

/// <summary>What one id slot holds in a cell.</summary>
public enum Variant
{
    Own,
    OtherProject,
    OtherVault,
    Null,
    Duplicate,
    WrongKind,
    Malformed,
    VeryLong,
}

public static class Actors
{
    public static bool IsAdmin(this Actor a) => a is Actor.Owner or Actor.Admin;

    public static bool IsMember(this Actor a) => a is Actor.Reader or Actor.Manager or Actor.Provisioner or Actor.ProvisioningReader or Actor.Powerless;

    /// <summary>Reads P1's values: Read Secrets only (Manage Secrets writes without reading back).</summary>
    public static bool ReadsP1(this Actor a) => a.IsAdmin() || a is Actor.Reader or Actor.ProvisioningReader;

    /// <summary>Lists P1's secrets, versions and grants, without values: Read Secrets or Manage Secrets.</summary>
    public static bool ListsP1(this Actor a) => a.ReadsP1() || a is Actor.Manager;

    public static bool ManagesP1(this Actor a) => a.IsAdmin() || a is Actor.Manager;

    /// <summary>Holds some permission on P1, so sees it.</summary>
    public static bool SeesP1(this Actor a) => a.IsAdmin() || a is Actor.Reader or Actor.Manager or Actor.Provisioner or Actor.ProvisioningReader;

    /// <summary>May provision on P1: Manage Provisioned Machines and the right to read what it grants.</summary>
    public static bool ProvisionsP1(this Actor a) => a.IsAdmin() || a is Actor.ProvisioningReader;
}
