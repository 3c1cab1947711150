namespace SikkerKey.Identity.Machines;

/// <summary>
/// Claims a machine name in a vault (case-insensitive): <c>vaultId/name</c> as id, so a duplicate collides on
/// insert inside the registering transaction.
/// </summary>
public sealed class MachineName
{
    public string Id { get; set; } = "";
    public Guid MachineId { get; set; }

    public static string KeyFor(string vaultId, string name) => $"{vaultId}/{name.ToLowerInvariant()}";
}

/// <summary>
/// One of a vault's quota slots (<c>vaultId/n</c>, n &lt; quota). A machine holds a slot from registration to
/// deletion; two registrations racing for the last free slot collide on its id, so exactly one wins.
/// </summary>
public sealed class QuotaSlot
{
    public string Id { get; set; } = "";
    public string VaultId { get; set; } = "";
    public int Number { get; set; }
    public Guid MachineId { get; set; }

    public static string KeyFor(string vaultId, int number) => $"{vaultId}/{number}";
}

/// <summary>When a machine last authenticated; kept apart from the event stream, which records facts, not traffic.</summary>
public sealed class MachineActivity
{
    public string Id { get; set; } = "";
    public DateTimeOffset LastSeenAt { get; set; }
}
