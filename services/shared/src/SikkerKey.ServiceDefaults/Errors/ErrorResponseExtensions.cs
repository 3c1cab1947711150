using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SikkerKey.Api;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Turns every failure that escapes a handler, and every empty error status, into
/// <c>{"error": "..."}</c>: clients never see a stack trace or an HTML page. Only the system's own
/// faults are logged as errors; a client's mistake or a dependency that is down is one line.
/// </summary>
public static class ErrorResponseExtensions
{
    public static IServiceCollection AddJsonErrors(this IServiceCollection services) =>
        // Minimal APIs swallow JSON binding failures into a bare 400 unless asked to throw;
        // throwing lets the handler below say what was wrong with the body.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app)
    {
        app.UseRetryAfterDefaults();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteExceptionAsync,
            // The middleware's own diagnostics are a fail: line with a stack trace; keep them for our own faults.
            SuppressDiagnosticsCallback = context => FailureDescription.Of(context.Exception).Kind != FailureKind.Fault,
        });
        app.UseStatusCodePages(context => WriteStatusAsync(context.HttpContext));
        return app;
    }

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var failure = FailureDescription.Of(exception);
        if (failure.Kind is not FailureKind.Fault and not FailureKind.Integrity)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SikkerKey.Errors");
            var level = failure.Kind == FailureKind.ClientMistake ? LogLevel.Information : LogLevel.Warning;
            logger.Log(level, "{Method} {Path} answered {Status}: {Reason}", context.Request.Method, context.Request.Path.Value, failure.Status, failure.Message);
        }
        return WriteAsync(context, failure.Status, failure.Message);
    }

    private static Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var message = status switch
        {
            401 => "authentication required",
            403 => "forbidden",
            404 => "not found",
            405 => "method not allowed",
            413 => "request body is too large",
            415 => FailureDescription.JsonContentTypeRequired,
            429 => "too many requests",
            503 => "service unavailable",
            _ => ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant(),
        };
        return WriteAsync(context, status, message);
    }

    private static Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
            return Task.CompletedTask;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(message));
    }
}
