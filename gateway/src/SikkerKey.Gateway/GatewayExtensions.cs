using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SikkerKey.Gateway.Auth;
using SikkerKey.Gateway.Headers;
using SikkerKey.Gateway.Health;
using SikkerKey.Gateway.Limits;
using SikkerKey.Gateway.Routing;
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

        builder.AddInternalKey();
        // Never on the public port: the gateway's metrics always get a management port of their own.
        builder.ServeMetricsOnManagementPort(int.TryParse(builder.Configuration["SIKKERKEY_METRICS_PORT"], out var port) ? port : 9464);
        builder.Services.AddTransient<MachineAuthentication>();
        builder.Services.Configure<ServiceDirectory>(builder.Configuration.GetSection(GatewayOptions.Section));

        builder.Services.AddHttpClient(ServicesReadyCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks().AddCheck<ServicesReadyCheck>("services", tags: [HealthEndpointExtensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
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
        // Anything under /api that no service owns is the gateway's own JSON 404 (all of /v1 is the secrets service's).
        app.Map("/api/{**rest}", () => ApiErrors.NotFound("no such API route"));
        return app;
    }
}
