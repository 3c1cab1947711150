namespace SikkerKey.Api;

/// <summary>The one error body every SikkerKey endpoint returns: <c>{"error": "message"}</c>.</summary>
public sealed record ApiError(string Error);
