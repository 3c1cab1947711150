namespace SikkerKey;

/// <summary>403: the machine is not granted this secret or project.</summary>
public sealed class AccessDeniedException(string message) : SikkerKeyException(message, 403);
