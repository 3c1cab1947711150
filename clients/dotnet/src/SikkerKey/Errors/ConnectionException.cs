namespace SikkerKey;

/// <summary>The server could not be reached or did not answer in time, on every attempt.</summary>
public sealed class ConnectionException(string message, Exception innerException) : SikkerKeyException(message, innerException);
