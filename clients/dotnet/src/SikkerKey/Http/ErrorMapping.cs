using System.Text.Json;

namespace SikkerKey;

/// <summary>Turns a non-200 answer into the exception for its status, carrying the server's own message.</summary>
internal static class ErrorMapping
{
    public static SikkerKeyException ToException(WireResponse response)
    {
        var message = ServerMessage(response.Body) ?? $"the server answered HTTP {response.Status} (v1 endpoints answer 200)";
        return response.Status switch
        {
            401 => new AuthenticationException(message),
            403 => new AccessDeniedException(message),
            404 => new NotFoundException(message),
            409 => new ConflictException(message),
            429 => new RateLimitedException(message),
            503 => new ServerSealedException(message),
            _ => new ApiException(message, response.Status),
        };
    }

    private static string? ServerMessage(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, WireJson.Default.ErrorResponse)?.Error is { Length: > 0 } error ? error : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
