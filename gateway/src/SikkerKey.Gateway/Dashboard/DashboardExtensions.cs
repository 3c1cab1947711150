namespace SikkerKey.Gateway.Dashboard;

/// <summary>
/// The dashboard (the Blazor WebAssembly app in SikkerKey.Dashboard) as static files at <c>/</c>: precompressed
/// assets from the build's static web asset manifest, every client route falling back to <c>index.html</c>.
/// </summary>
public static class DashboardExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        // Outside Development the host does not read the build's manifest by itself; this makes a built (not only a
        // published) gateway serve the app, as build/run and the tests start it. A published one has no manifest and
        // serves its wwwroot folder as is.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseMiddleware<DashboardHeadersMiddleware>();
        app.MapStaticAssets();
        app.MapFallbackToFile("index.html");
        return app;
    }
}
