namespace SikkerKey.Gateway.Headers;

/// <summary>
/// Headers every response carries, set at the edge so no service can forget them: no MIME sniffing, no
/// referrer leaking ids in URLs, and no cache (browser, proxy or CDN) keeping an API answer — API answers hold
/// values, tokens and bundles, and none of them is worth caching.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/v1"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
