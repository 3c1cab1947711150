using SikkerKey.ServiceDefaults.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace SikkerKey.Gateway.Routing;

/// <summary>
/// A service the gateway cannot reach (stopped, restarting, overloaded) is a 503 with <c>Retry-After</c>, which the
/// SDKs retry, not YARP's bare 502: the client's request was fine and will succeed once the service is back.
/// A body the client failed to send (announced and never sent, a malformed chunk) is the client's error, with the
/// status Kestrel gave it (408, 400) and a JSON body, not a 503 that an SDK would retry.
/// </summary>
internal sealed class UnavailableServiceMiddleware(RequestDelegate next, ILogger<UnavailableServiceMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted || error.Error is ForwarderError.RequestCanceled)
            return;
        if (error.Error is ForwarderError.RequestBodyClient)
        {
            // Without a Kestrel refusal inside, the client went away mid-body: the empty 400 YARP set is left to the
            // status code pages, for a client that no longer reads it.
            if (ClientRefusalIn(error.Exception) is not { } refusal)
                return;
            var failure = FailureDescription.Of(refusal);
            context.Response.Clear();
            logger.LogInformation("{Method} {Path} answered {Status}: {Reason}", context.Request.Method, context.Request.Path.Value, failure.Status, failure.Message);
            await ApiErrors.Status(failure.Status, failure.Message).ExecuteAsync(context);
            return;
        }
        logger.LogWarning("{Method} {Path}: the service behind it did not answer ({Error}); answered 503", context.Request.Method, context.Request.Path.Value, error.Error);
        context.Response.Clear();
        await ApiErrors.RetryLater(context.Response, StatusCodes.Status503ServiceUnavailable,
            "the service behind this route is unavailable; try again shortly", RetryAfter.Unavailable).ExecuteAsync(context);
    }

    /// <summary>YARP wraps what Kestrel threw while it copied the body in an AggregateException with its own copy error.</summary>
    private static BadHttpRequestException? ClientRefusalIn(Exception? exception) => exception switch
    {
        BadHttpRequestException bad => bad,
        AggregateException aggregate => aggregate.InnerExceptions.Select(ClientRefusalIn).FirstOrDefault(found => found is not null),
        not null => ClientRefusalIn(exception.InnerException),
        null => null,
    };
}
