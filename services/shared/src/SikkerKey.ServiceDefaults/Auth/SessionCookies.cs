using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// The dashboard's cookies. The session cookie is HttpOnly; the CSRF cookie is readable by the page,
/// which echoes it in <see cref="CsrfHeader"/> on state changes. The CSRF value is an HMAC of the
/// session token under the internal key, so the gateway can check it without storing anything.
/// </summary>
public static class SessionCookies
{
    public const string Session = "sikkerkey_session";
    public const string Csrf = "sikkerkey_csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    public static string CsrfFor(string sessionToken, byte[] internalKey) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(internalKey, Encoding.UTF8.GetBytes("csrf:" + sessionToken)));

    public static bool IsValidCsrf(string sessionToken, string? presented, byte[] internalKey) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(CsrfFor(sessionToken, internalKey)), Encoding.UTF8.GetBytes(presented));
}
