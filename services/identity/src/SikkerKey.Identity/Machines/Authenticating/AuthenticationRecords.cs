namespace SikkerKey.Identity.Machines.Authenticating;

/// <summary>
/// A nonce a machine has used, remembered until its timestamp falls out of the ±300 s window (after that the
/// timestamp alone refuses a replay). Its id <c>machineId/nonce</c> makes a second use collide on insert, on
/// whichever replica it arrives.
/// </summary>
public sealed class UsedNonce
{
    public string Id { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }

    public static string KeyFor(Guid machineId, string nonce) => $"{machineId}/{nonce}";
}
