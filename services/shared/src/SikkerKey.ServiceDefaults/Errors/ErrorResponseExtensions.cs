using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Turns every failure that escapes a handler, and every empty error status, into
/// <c>{"error": "..."}</c>: clients never see a stack trace or an HTML page.
/// </summary>
public static class ErrorResponseExtensions
{
    public static IServiceCollection AddJsonErrors(this IServiceCollection services) =>
        // Minimal APIs swallow JSON binding failures into a bare 400 unless asked to throw;
        // throwing lets the handler below say what was wrong with the body.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(errorApp => errorApp.Run(WriteExceptionAsync));
        app.UseStatusCodePages(context => WriteStatusAsync(context.HttpContext));
        return app;
    }

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        // ExceptionHandlerMiddleware has already logged the exception; only the client's view is decided here.
        var (status, message) = Describe(exception);
        return WriteAsync(context, status, message);
    }

    private static (int Status, string Message) Describe(Exception? exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException } => (400, "request body is not valid JSON"),
        BadHttpRequestException bad when bad.StatusCode == 413 => (413, "request body is too large"),
        BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            => (bad.StatusCode, "request body is missing or not valid JSON"),
        BadHttpRequestException bad => (bad.StatusCode, "bad request: " + bad.Message.TrimEnd('.')),
        OperationCanceledException => (503, "the request was cancelled"),
        // Two requests changed the same stream at once; the loser changed nothing and may simply retry.
        JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
            => (409, "this was changed by another request at the same moment; nothing was saved, retry"),
        _ => (500, "internal error"),
    };

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
            415 => "content type must be application/json",
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
