using SikkerKey.ServiceDefaults.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace SikkerKey.Gateway.Routing;

/// <summary>
/// A service the gateway cannot reach (stopped, restarting, overloaded) is a 503 with <c>Retry-After</c>, which the
/// SDKs retry, not YARP's bare 502: the client's request was fine and will succeed once the service is back.
/// </summary>
internal sealed class UnavailableServiceMiddleware(RequestDelegate next, ILogger<UnavailableServiceMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted || error.Error is ForwarderError.RequestCanceled)
            return;
        logger.LogWarning("{Method} {Path}: the service behind it did not answer ({Error}); answered 503", context.Request.Method, context.Request.Path.Value, error.Error);
        context.Response.Clear();
        await ApiErrors.RetryLater(context.Response, StatusCodes.Status503ServiceUnavailable,
            "the service behind this route is unavailable; try again shortly", RetryAfter.Unavailable).ExecuteAsync(context);
    }
}
