using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SikkerKey.ServiceDefaults.Logging;

/// <summary>
/// One line per request: method, path, status, the client IP as this process sees it, duration.
/// Never the query, headers or body, which can carry tokens and secret values.
/// </summary>
internal sealed class AccessLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger("SikkerKey.Access");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (!context.Request.Path.StartsWithSegments("/health"))
                logger.LogInformation("{Method} {Path} {Status} client={ClientIp} {ElapsedMs:0.0}ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    context.Connection.RemoteIpAddress?.ToString() ?? "-", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
