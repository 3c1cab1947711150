using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SikkerKey.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// How long one service waits for another (<c>SikkerKey:InternalCallTimeout</c>). Generous, because a call may
    /// queue behind others for good reason: 32 containers provisioned at once take a vault's quota slots one by one,
    /// and on a loaded 2-core host the last of them waited more than the 10 s this used to be (a 503 for a request
    /// that would have succeeded). The gateway waits 100 s for the service in front, so the limit stays inside it.
    /// </summary>
    public static readonly TimeSpan InternalCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Principal signing and verification, shared by the gateway (signs) and services (verify).</summary>
    public static IHostApplicationBuilder AddInternalKey(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InternalKeyOptions>().BindConfiguration("SikkerKey")
            .Validate(o => o.TryResolve(), "SikkerKey:InternalKey (base64, ≥ 32 bytes) or SikkerKey:InternalKeyFile must be configured")
            .ValidateOnStart();
        builder.Services.AddSingleton<PrincipalHeader>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<InternalClient>((services, client) =>
            client.Timeout = services.GetRequiredService<IConfiguration>().GetValue("SikkerKey:InternalCallTimeout", InternalCallTimeout));
        return builder;
    }

    /// <summary>Services: authenticate by the gateway's signed principal; authorize with <see cref="Policies"/>.</summary>
    public static IHostApplicationBuilder AddPrincipalAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddInternalKey();
        builder.Services.Configure<ServiceDirectory>(builder.Configuration);
        builder.Services.AddAuthentication(PrincipalAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, PrincipalAuthenticationHandler>(PrincipalAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(Policies.Add);
        return builder;
    }

    /// <summary>The caller of this request; only valid on endpoints that require authorization.</summary>
    public static Principal Principal(this HttpContext context) =>
        context.Items[typeof(Principal)] as Principal is { Kind: not PrincipalKind.Anonymous } principal
            ? principal
            : throw new InvalidOperationException("endpoint does not require an authenticated caller");

    /// <summary>The real client address as the gateway vouched for it in the signed principal; "unknown" without one.</summary>
    public static string ClientAddress(this HttpContext context) =>
        (context.Items[typeof(Principal)] as Principal)?.SourceIp ?? "unknown";
}
