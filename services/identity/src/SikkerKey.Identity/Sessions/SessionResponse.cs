using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.Sessions;

/// <summary>Hands a new session to the browser as cookies, next to the token in the JSON body for scripts.</summary>
public sealed class SessionResponse(IOptions<InternalKeyOptions> internalKey)
{
    private readonly Lazy<byte[]> key = new(() => internalKey.Value.Resolve());

    public void SetCookies(HttpContext context, string token, DateTimeOffset expiresAt)
    {
        // Identity is called over plain HTTP behind the gateway; the gateway says in the signed principal whether the
        // browser used HTTPS. A Secure cookie is never sent back over plain HTTP, so it is set only then (a dashboard
        // on http://localhost must still work).
        var secure = context.Request.IsHttps || (context.Items[typeof(Principal)] as Principal)?.OverHttps == true;
        context.Response.Cookies.Append(SessionCookies.Session, token, new CookieOptions
        {
            HttpOnly = true, Secure = secure, SameSite = SameSiteMode.Strict, Path = "/", Expires = expiresAt,
        });
        context.Response.Cookies.Append(SessionCookies.Csrf, SessionCookies.CsrfFor(token, key.Value), new CookieOptions
        {
            HttpOnly = false, Secure = secure, SameSite = SameSiteMode.Strict, Path = "/", Expires = expiresAt,
        });
    }

    public static void ClearCookies(HttpContext context)
    {
        context.Response.Cookies.Delete(SessionCookies.Session, new CookieOptions { Path = "/" });
        context.Response.Cookies.Delete(SessionCookies.Csrf, new CookieOptions { Path = "/" });
    }
}
