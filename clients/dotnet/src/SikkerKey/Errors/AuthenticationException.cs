namespace SikkerKey;

/// <summary>401: the server did not accept the machine's signature (unknown, disabled or revoked machine, clock skew…).</summary>
public sealed class AuthenticationException(string message) : SikkerKeyException(message, 401);
