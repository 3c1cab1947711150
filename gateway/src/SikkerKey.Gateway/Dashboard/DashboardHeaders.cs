using System.Text.RegularExpressions;

namespace SikkerKey.Gateway.Dashboard;

/// <summary>
/// The dashboard's headers. The Content-Security-Policy allows only this origin, plus what .NET on WebAssembly needs
/// (<c>'wasm-unsafe-eval'</c>); <c>index.html</c> has no inline script or style, so nothing inline is allowed.
/// </summary>
public static partial class DashboardHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/v1") || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/internal");

    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // A fingerprinted file never changes under its name; everything else (index.html above all) is revalidated.
        headers.CacheControl = Fingerprinted().IsMatch(context.Request.Path.Value ?? "")
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }

    // Blazor's build names content-addressed files name.<10 lowercase alphanumerics>.ext (e.g. dotnet.x857u0ygsg.js).
    [GeneratedRegex(@"^/(_framework|_content)/.+\.[a-z0-9]{10}\.[a-z]+(\.(br|gz))?$")]
    private static partial Regex Fingerprinted();
}
