namespace SikkerKey;

/// <summary>Any other answer than 200 that has no exception of its own (400, 410, 413, 500, a 201 or 204…).</summary>
public sealed class ApiException(string message, int statusCode) : SikkerKeyException(message, statusCode);
