using System.Security.Cryptography;
using System.Text;

namespace SikkerKey.Identity.Sessions;

/// <summary>
/// A signed-in browser or script. Stored under the SHA-256 of its token, so a database reader cannot
/// use the rows to sign in; deleted on logout, expiry or the user's removal.
/// </summary>
public sealed class Session
{
    public string Id { get; set; } = "";
    public Guid UserId { get; set; }
    public string VaultId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public static string NewToken() => "sks_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string IdFor(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
