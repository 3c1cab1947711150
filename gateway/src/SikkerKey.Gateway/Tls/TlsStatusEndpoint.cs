using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SikkerKey.Api;

namespace SikkerKey.Gateway.Tls;

/// <summary>
/// <c>GET /api/tls</c>: whether the gateway serves HTTPS, and whether its certificate comes from a CA that clients do
/// not trust by default (build/run --tls, a company CA), so the dashboard's container snippets add the CA trust.
/// Nothing private: any TLS client sees as much in the handshake.
/// </summary>
internal static class TlsStatusEndpoint
{
    public static IEndpointRouteBuilder MapTlsStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/tls", (IOptions<TlsSettings> settings, IServiceProvider services) =>
        {
            if (!settings.Value.Enabled)
                return TypedResults.Ok(new TlsStatus(false, false));
            var leaf = services.GetRequiredService<WatchedCertificate>().Current;
            return TypedResults.Ok(new TlsStatus(true, !TrustedBySystem(leaf)));
        });
        return endpoints;
    }

    // As a client with the system's CAs would see it, without fetching anything.
    private static bool TrustedBySystem(ServerCertificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ExtraStore.AddRange(certificate.Intermediates);
        return chain.Build(certificate.Leaf);
    }
}
