namespace SikkerKey.Identity.Accounts;

/// <summary>
/// Login material, kept out of the event streams so it can really be deleted. Keyed by the normalised
/// email, which makes an email unique across the server: a second insert collides.
/// </summary>
public sealed class Credentials
{
    public string Id { get; set; } = "";
    public Guid UserId { get; set; }
    public string PasswordHash { get; set; } = "";

    public static string KeyFor(string email) => email.Trim().ToLowerInvariant();
}
