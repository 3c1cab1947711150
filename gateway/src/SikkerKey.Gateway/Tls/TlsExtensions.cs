using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SikkerKey.Gateway.Tls;

public static class TlsExtensions
{
    /// <summary>
    /// With a certificate configured, HTTPS (HTTP/1.1 and HTTP/2) on <c>SIKKERKEY_HTTPS_PORT</c> on every address,
    /// beside the plain HTTP addresses the gateway was given (which then redirect, see <see cref="PlainHttpRedirectMiddleware"/>).
    /// Call after everything that adds URLs.
    /// </summary>
    public static WebApplicationBuilder AddGatewayTls(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IValidateOptions<TlsSettings>, TlsSettingsValidator>();
        builder.Services.AddOptions<TlsSettings>()
            .Configure<IConfiguration>((tls, configuration) =>
            {
                tls.CertificateFile = configuration[TlsSettings.CertificateVariable];
                tls.KeyFile = configuration[TlsSettings.KeyVariable];
                if (configuration[TlsSettings.PortVariable] is { Length: > 0 } port)
                    tls.HttpsPort = int.TryParse(port, out var number) ? number : -1;
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<WatchedCertificate>();
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        if (string.IsNullOrWhiteSpace(builder.Configuration[TlsSettings.CertificateVariable]) && string.IsNullOrWhiteSpace(builder.Configuration[TlsSettings.KeyVariable]))
            return builder;

        // Endpoints set in code would replace the configured URLs (ASPNETCORE_URLS, the metrics port) with a warning;
        // they are taken over here instead and listened on beside HTTPS.
        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        // Kestrel's options are made while the app is built, before the settings are validated: nothing here may load
        // the certificate, or a bad file would end the start with a stack trace instead of one line.
        var port = int.TryParse(builder.Configuration[TlsSettings.PortVariable], out var configured) ? configured : new TlsSettings().HttpsPort;
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(services => new ConfigureOptions<KestrelServerOptions>(kestrel =>
            ListenWithHttps(kestrel, urls, port, new Lazy<WatchedCertificate>(services.GetRequiredService<WatchedCertificate>))));
        return builder;
    }

    /// <summary>HSTS on every HTTPS answer, and plain HTTP sent to HTTPS; nothing when no certificate is configured.</summary>
    public static WebApplication UseGatewayTls(this WebApplication app)
    {
        // From the configuration, not the options: those are validated later, where a bad file ends the start cleanly.
        if (string.IsNullOrWhiteSpace(app.Configuration[TlsSettings.CertificateVariable]) && string.IsNullOrWhiteSpace(app.Configuration[TlsSettings.KeyVariable]))
            return app;
        app.UseHsts();
        app.UseMiddleware<PlainHttpRedirectMiddleware>();
        return app;
    }

    private static void ListenWithHttps(KestrelServerOptions kestrel, string[] urls, int httpsPort, Lazy<WatchedCertificate> certificate)
    {
        var handshake = new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Value.Context,
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            }),
        };
        foreach (var url in urls.Select(BindingAddress.Parse))
            Listen(kestrel, url.Host, url.Port, listen =>
            {
                if (url.Scheme == "https")
                    listen.UseHttps(handshake);
            });
        if (httpsPort is < 1 or > 65535)
            return;
        kestrel.ListenAnyIP(httpsPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(handshake);
        });
    }

    private static void Listen(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions> configure)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            kestrel.ListenLocalhost(port, configure);
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            kestrel.Listen(address, port, configure);
        else
            kestrel.ListenAnyIP(port, configure);
    }
}
