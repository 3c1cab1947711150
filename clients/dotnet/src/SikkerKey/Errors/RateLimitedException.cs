namespace SikkerKey;

/// <summary>429: too many requests or authentication failures from this address; still refused after the SDK's retries.</summary>
public sealed class RateLimitedException(string message) : SikkerKeyException(message, 429);
