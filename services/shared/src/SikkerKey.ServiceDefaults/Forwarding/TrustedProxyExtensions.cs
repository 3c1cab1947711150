using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SikkerKey.ServiceDefaults.Forwarding;

/// <summary>
/// A service learns the real client IP only from the gateway's <c>X-Forwarded-For</c>, and only when
/// the request came from a trusted proxy network (<c>SikkerKey:TrustedProxies</c>, CIDR list, default
/// loopback). The gateway overwrites whatever a client sent, so the value cannot be spoofed.
/// </summary>
public static class TrustedProxyExtensions
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration["SikkerKey:TrustedProxies"];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            if (string.IsNullOrWhiteSpace(configured))
                return;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var cidr in configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(cidr));
        });
        return builder;
    }
}
