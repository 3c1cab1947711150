namespace SikkerKey;

/// <summary>404: no such secret or project (or, from the SDK itself, no such field in a structured secret).</summary>
public sealed class NotFoundException(string message) : SikkerKeyException(message, 404);
