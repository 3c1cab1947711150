namespace SikkerKey.Gateway.Dashboard;

/// <summary>Security and caching headers on everything the dashboard serves (not on <c>/api</c>, <c>/v1</c> or <c>/health</c>).</summary>
public sealed class DashboardHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!DashboardHeaders.IsApi(context.Request.Path))
            context.Response.OnStarting(() =>
            {
                DashboardHeaders.Apply(context);
                return Task.CompletedTask;
            });
        return next(context);
    }
}
