namespace SikkerKey;

/// <summary>503: the server is unavailable (sealed, starting or overloaded); still refused after the SDK's retries.</summary>
public sealed class ServerSealedException(string message) : SikkerKeyException(message, 503);
