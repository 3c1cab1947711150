using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;

namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>Typed results for the error statuses PRODUCT.md assigns, so handlers can list them in <c>Results&lt;…&gt;</c>.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ApiError> Status(int statusCode, string message) =>
        TypedResults.Json(new ApiError(message), statusCode: statusCode);

    public static JsonHttpResult<ApiError> BadRequest(string message) => Status(StatusCodes.Status400BadRequest, message);
    public static JsonHttpResult<ApiError> Unauthorized(string message) => Status(StatusCodes.Status401Unauthorized, message);
    public static JsonHttpResult<ApiError> Forbidden(string message) => Status(StatusCodes.Status403Forbidden, message);
    public static JsonHttpResult<ApiError> NotFound(string message) => Status(StatusCodes.Status404NotFound, message);
    public static JsonHttpResult<ApiError> Conflict(string message) => Status(StatusCodes.Status409Conflict, message);
    public static JsonHttpResult<ApiError> Gone(string message) => Status(StatusCodes.Status410Gone, message);
    public static JsonHttpResult<ApiError> TooLarge(string message) => Status(StatusCodes.Status413PayloadTooLarge, message);
    public static JsonHttpResult<ApiError> TooManyRequests(string message) => Status(StatusCodes.Status429TooManyRequests, message);

    /// <summary>A 429 or 503 that tells the client when to come back (the SDKs and proxies honour <c>Retry-After</c>).</summary>
    public static JsonHttpResult<ApiError> RetryLater(HttpResponse response, int statusCode, string message, TimeSpan retryAfter)
    {
        response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        return Status(statusCode, message);
    }

    /// <summary>Whole seconds, rounded up, at least 1: a client told 0 would retry at once.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
