using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace SikkerKey.ServiceDefaults.Forwarding;

/// <summary>
/// Services behind the gateway never read <c>X-Forwarded-For</c>: they take the client address from the gateway's
/// signed principal, so another process on the same host cannot pose as any address it likes.
/// </summary>
public static class TrustedProxyExtensions
{
    /// <summary>
    /// The gateway is the edge and trusts no <c>X-Forwarded-For</c>, unless an ingress or load balancer stands in
    /// front of it: <c>SIKKERKEY_TRUSTED_PROXIES</c> (addresses or CIDRs, comma-separated, default none) names them,
    /// and only a request arriving from one of them has its client address taken from the header. Per-address
    /// limits and audit source IPs then see the real client, not the ingress.
    /// </summary>
    public static WebApplication UseEdgeForwardedHeaders(this WebApplication app)
    {
        var configured = app.Configuration["SIKKERKEY_TRUSTED_PROXIES"] ?? app.Configuration["SikkerKey:TrustedProxies"];
        if (string.IsNullOrWhiteSpace(configured))
            return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Walks back through every trusted hop, stopping at the first address that is not one.
            ForwardLimit = null,
        };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var entry in configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry.Contains('/', StringComparison.Ordinal) ? entry : entry + (entry.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")));
        app.UseForwardedHeaders(options);
        return app;
    }
}
