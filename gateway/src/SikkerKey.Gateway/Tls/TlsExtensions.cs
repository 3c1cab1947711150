using Microsoft.AspNetCore.Server.Kestrel.Core;
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

        // An https address beside the configured ones (ASPNETCORE_URLS, the metrics port), rather than endpoints set in
        // code, which would replace those. Kestrel's HTTPS defaults then serve it, HTTP/1.1 and HTTP/2 over ALPN.
        var port = int.TryParse(builder.Configuration[TlsSettings.PortVariable], out var configured) ? configured : new TlsSettings().HttpsPort;
        if (port is >= 1 and <= 65535)
        {
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000";
            builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), $"https://*:{port}"]);
        }
        // Kestrel's options are made while the app is built, before the settings are validated: nothing here may load
        // the certificate, or a bad file would end the start with a stack trace instead of one line.
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(services => new ConfigureOptions<KestrelServerOptions>(kestrel =>
        {
            var certificate = new Lazy<WatchedCertificate>(services.GetRequiredService<WatchedCertificate>);
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificateSelector = (_, _) => certificate.Value.Current.Leaf;
                // The whole chain from the file (intermediates too), which a certificate alone would not send.
                https.OnAuthenticate = (_, tls) =>
                {
                    tls.ServerCertificateSelectionCallback = null;
                    tls.ServerCertificate = null;
                    tls.ServerCertificateContext = certificate.Value.Context;
                };
            });
        }));
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
}
