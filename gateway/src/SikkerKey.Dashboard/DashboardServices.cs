using SikkerKey.Dashboard.Api;
using SikkerKey.Dashboard.Session;

namespace SikkerKey.Dashboard;

public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, Uri baseAddress)
    {
        // Same origin as the page: the browser sends the HttpOnly session cookie itself; no token is ever held in script.
        services.AddScoped(_ => new HttpClient { BaseAddress = baseAddress });
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<BrowserInterop>();
        services.AddScoped<SessionState>();
        services.AddScoped<ApiClient>();
        return services;
    }
}
