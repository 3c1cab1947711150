using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Gateway.Tls;

/// <summary>
/// With HTTPS on, a plain HTTP request is sent to the same path on the HTTPS port (308, so a POST stays a POST; the
/// SDKs follow no redirect, so a signed request is never replayed elsewhere).
/// Still answered over plain HTTP:
/// <list type="bullet">
/// <item><c>/health/*</c>, from anywhere: orchestrator probes (kubelet, compose, build/run's readiness wait) speak plain
/// HTTP and do not trust the gateway's CA; health answers hold nothing private.</item>
/// <item>anything from a loopback address: it never crossed a network, so TLS protects nothing, and what runs on the
/// host itself — scripts, a TLS-terminating proxy, an SDK given <c>http://localhost</c>, which every SikkerKey SDK allows
/// — keeps working with or without the certificate.</item>
/// </list>
/// The metrics port is a listener of its own and never redirected. The redirect goes only to a name the certificate
/// covers: the Host header is the client's word, and a 308 built from any Host would send a POST with a password (or
/// a browser) to whatever host a proxy, a poisoned cache or DNS rebinding put there.
/// </summary>
internal sealed class PlainHttpRedirectMiddleware(RequestDelegate next, IOptions<TlsSettings> settings, WatchedCertificate certificate)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps || request.Path.StartsWithSegments("/health")
            || context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address))
            return next(context);
        if (string.IsNullOrEmpty(request.Host.Host))
            return ApiErrors.BadRequest("a Host header is required").ExecuteAsync(context);
        if (!certificate.Current.Leaf.MatchesHostname(request.Host.Host))
            return ApiErrors.BadRequest("use HTTPS at a name in the gateway's certificate; this Host is not one of them").ExecuteAsync(context);
        var target = UriHelper.BuildAbsolute("https", new HostString(request.Host.Host, settings.Value.HttpsPort), request.PathBase, request.Path, request.QueryString);
        context.Response.Redirect(target, permanent: true, preserveMethod: true);
        return Task.CompletedTask;
    }
}
