namespace SikkerKey;

/// <summary>409: the request conflicts with the server's state; also thrown by ExportAsync when two secrets would set one variable.</summary>
public sealed class ConflictException(string message) : SikkerKeyException(message, 409);
