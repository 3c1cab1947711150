using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Every 429 and 503 tells the client when to retry: the SDKs back off on them, and a client told nothing
/// retries at once into an outage. Handlers that know better set their own; this fills in the rest.
/// </summary>
public static class RetryAfter
{
    /// <summary>A dependency is down: soon enough for a restarted service, long enough not to hammer it.</summary>
    public static readonly TimeSpan Unavailable = TimeSpan.FromSeconds(5);

    /// <summary>A limit whose exact end the answering code did not know.</summary>
    public static readonly TimeSpan Throttled = TimeSpan.FromSeconds(60);

    public static IApplicationBuilder UseRetryAfterDefaults(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            if (response.StatusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable
                && !response.Headers.ContainsKey("Retry-After"))
                response.Headers.RetryAfter = ApiErrors.RetryAfterSeconds(
                    response.StatusCode == StatusCodes.Status429TooManyRequests ? Throttled : Unavailable);
            return Task.CompletedTask;
        });
        return next(context);
    });
}
