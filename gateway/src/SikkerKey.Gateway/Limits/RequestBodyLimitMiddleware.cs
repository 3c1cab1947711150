using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Gateway.Limits;

/// <summary>
/// Refuses a declared body over the limit before anything is proxied; Kestrel's own
/// <c>MaxRequestBodySize</c> stops chunked bodies that grow past it while streaming.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > options.Value.MaxRequestBodyBytes
            ? ApiErrors.TooLarge($"request body is larger than {options.Value.MaxRequestBodyBytes} bytes").ExecuteAsync(context)
            : next(context);
}
