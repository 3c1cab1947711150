using System.Text;
using Microsoft.AspNetCore.Http;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Refuses, as <c>400 {"error"}</c>, requests that Kestrel lets through but that no route of ours can mean. Without
/// this they reached whatever matched by accident: <c>//api/me</c> matched no API route and got the dashboard's HTML
/// with a 200, and a header YARP cannot forward made the service look down (a 503, and a transport failure counted
/// against a healthy replica).
/// Kestrel's own refusals (a malformed request line or header, <c>%00</c> in the path, headers too large) never get
/// here: see <see cref="KestrelRejections"/>.
/// </summary>
internal sealed class MalformedRequestMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        ProblemOf(context) is { } problem ? ApiErrors.BadRequest(problem).ExecuteAsync(context) : next(context);

    private static string? ProblemOf(HttpContext context)
    {
        var request = context.Request;
        // Kestrel resolves dot segments before anything sees the path: /api/secrets/%2e%2e/%2e%2e/x arrived as /x and got
        // the dashboard's HTML with a 200. The raw target still has them; no path of ours does.
        if (HasDotSegment(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget))
            return "request path has a '.' or '..' segment; send the path it stands for";
        var path = request.Path.Value ?? "";
        // Refused rather than collapsed: no path of ours has an empty segment, and a gateway that answered //api/me as
        // /api/me would give one resource two names, one of which an ingress rule or a cache keyed on the raw path (or a
        // signature over it: the /v1 signature covers the path as sent) would not recognise.
        if (path.Contains("//", StringComparison.Ordinal))
            return "request path has an empty segment ('//'); send the path without repeated slashes";
        // Kestrel decodes every escape in the path but %2F (and %00, which it refuses), so /api%2Fme is one segment
        // that matches no API route and would fall through to the dashboard. No id or path of ours holds a '/'.
        if (path.Contains("%2F", StringComparison.OrdinalIgnoreCase))
            return "request path has an encoded '/' (%2F); no SikkerKey path has one";
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
                // HttpClient (so YARP, and every internal call) refuses to send a non-ASCII header value, and no header
                // of our protocol has one. The name is safe to echo (Kestrel accepts only token characters in names);
                // the value is not: it may hold a token.
                if (value is not null && !Ascii.IsValid(value))
                    return $"request header '{name}' has a non-ASCII value; header values must be ASCII";
        return null;
    }

    private static bool HasDotSegment(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget))
            return false;
        var path = rawTarget.AsSpan();
        if (path.IndexOfAny('?', '#') is var end and >= 0)
            path = path[..end];
        foreach (var range in path.Split('/'))
        {
            var segment = path[range].ToString().Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (segment is "." or "..")
                return true;
        }
        return false;
    }
}
