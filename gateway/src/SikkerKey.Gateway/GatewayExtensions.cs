using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SikkerKey.Gateway.Auth;
using SikkerKey.Gateway.Headers;
using SikkerKey.Gateway.Health;
using SikkerKey.Gateway.Limits;
using SikkerKey.Gateway.Routing;
using SikkerKey.Gateway.Tls;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Health;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Gateway;

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ServiceRoutes.ServiceNames.All(s => ProxyConfiguration.ReplicasOf(o, s).Count > 0),
                "Gateway:Services needs at least one URL for each of: " + string.Join(", ", ServiceRoutes.ServiceNames))
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(services => new ConfigureOptions<KestrelServerOptions>(
            kestrel => kestrel.Limits.MaxRequestBodySize = services.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes));

        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfiguration.Routes(), ProxyConfiguration.Clusters(options));
        // Every failed probe was a warning with the exception's stack (a start of build/run logged a dozen while the
        // services came up). YARP's health updater still warns, in one line, when a replica goes in or out of rotation.
        builder.Logging.AddFilter("Yarp.ReverseProxy.Health.ActiveHealthCheckMonitor", LogLevel.Error);

        builder.AddInternalKey();
        // Never on the public port: the gateway's metrics always get a management port of their own.
        builder.ServeMetricsOnManagementPort(int.TryParse(builder.Configuration["SIKKERKEY_METRICS_PORT"], out var port) ? port : 9464);
        builder.AddGatewayTls();
        builder.Services.AddTransient<MachineAuthentication>();
        builder.Services.Configure<ServiceDirectory>(builder.Configuration.GetSection(GatewayOptions.Section));

        builder.Services.AddHttpClient(ServicesReadyCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks().AddCheck<ServicesReadyCheck>("services", tags: [HealthEndpointExtensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseGatewayTls();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Before anything routes or proxies it: //api/me must not reach the dashboard's HTML, nor a header YARP cannot
        // send reach YARP. What Kestrel refuses before this pipeline exists stays a bare status: see KestrelRejections.
        app.UseMalformedRequestRefusal();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<UnavailableServiceMiddleware>();
            proxy.UseMiddleware<EdgeAuthenticationMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseMiddleware<NextReplicaMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapTlsStatus();
        // Anything under /api that no service owns is the gateway's own JSON 404 (all of /v1 is the secrets service's).
        app.Map("/api/{**rest}", () => ApiErrors.NotFound("no such API route"));
        return app;
    }
}
