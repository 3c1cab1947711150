using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Gateway.Auth;

/// <summary>
/// Runs in the proxy pipeline, so only for routed requests. Drops any principal header a client sent,
/// resolves the bearer token or session cookie through the identity service on every request (so logout
/// and removal act at once), checks CSRF for cookie-authenticated state changes, and hands the service
/// a principal signed with the internal key.
/// </summary>
internal sealed class EdgeAuthenticationMiddleware(RequestDelegate next, PrincipalHeader header, IOptions<InternalKeyOptions> internalKey)
{
    private static readonly Principal Gateway = Principal.ServiceNamed("gateway");
    private static readonly string[] PublicPaths = ["/api/auth/login", "/api/auth/signup"];
    private readonly Lazy<byte[]> key = new(() => internalKey.Value.Resolve());

    // The clients come per request: typed HttpClients are transient and must not be held by this singleton.
    public async Task InvokeAsync(HttpContext context, InternalClient services, MachineAuthentication machines)
    {
        context.Request.Headers.Remove(PrincipalHeader.Name);
        var path = context.Request.Path;
        var sourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (path.StartsWithSegments("/v1"))
        {
            try
            {
                var (machine, refusal) = await machines.AuthenticateAsync(context);
                if (refusal is not null)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }
                Vouch(context, machine! with { SourceIp = sourceIp });
                await next(context);
            }
            finally
            {
                SikkerKeyMetrics.SignedRequests.Add(1, SikkerKeyMetrics.Label("result", SikkerKeyMetrics.ResultOf(context.Response.StatusCode)));
            }
            return;
        }
        if (!path.StartsWithSegments("/api") || PublicPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            Vouch(context, Principal.AnonymousFrom(sourceIp));
            await next(context);
            return;
        }

        var (token, fromCookie) = TokenOf(context.Request);
        if (token is null)
        {
            await ApiErrors.Unauthorized("authentication required: send 'Authorization: Bearer <token>' or log in").ExecuteAsync(context);
            return;
        }
        if (fromCookie && !IsSafe(context.Request.Method) && !SessionCookies.IsValidCsrf(token, context.Request.Headers[SessionCookies.CsrfHeader], key.Value))
        {
            await ApiErrors.Forbidden($"missing or invalid {SessionCookies.CsrfHeader} header").ExecuteAsync(context);
            return;
        }

        using var resolved = await services.SendAsync("identity", HttpMethod.Post, "/internal/sessions/resolve", Gateway, new { token }, context.RequestAborted);
        if (resolved.StatusCode == HttpStatusCode.Unauthorized)
        {
            SessionCookiesExpired(context, fromCookie);
            await ApiErrors.Unauthorized("session is invalid or expired; log in again").ExecuteAsync(context);
            return;
        }
        if (!resolved.IsSuccessStatusCode)
        {
            await ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "sign-in is temporarily unavailable; try again").ExecuteAsync(context);
            return;
        }
        var principal = await resolved.Content.ReadFromJsonAsync<Principal>(JsonSerializerOptions.Web, context.RequestAborted)
            ?? throw new InvalidOperationException("identity returned an empty principal");
        Vouch(context, principal with { SourceIp = sourceIp });
        await next(context);
    }

    private void Vouch(HttpContext context, Principal principal) =>
        context.Request.Headers[PrincipalHeader.Name] = header.Sign(principal with { OverHttps = context.Request.IsHttps }, context.Request.Method, context.Request.Path.Value ?? "");

    private static (string? Token, bool FromCookie) TokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (authorization["Bearer ".Length..].Trim(), false);
        return request.Cookies.TryGetValue(SessionCookies.Session, out var cookie) ? (cookie, true) : (null, false);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static void SessionCookiesExpired(HttpContext context, bool fromCookie)
    {
        if (fromCookie)
            context.Response.Cookies.Delete(SessionCookies.Session, new CookieOptions { Path = "/" });
    }
}
