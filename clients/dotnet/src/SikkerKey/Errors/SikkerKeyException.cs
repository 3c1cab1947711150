namespace SikkerKey;

/// <summary>
/// Base of every error the SDK throws. For an answer from the server, <see cref="Exception.Message"/> is the
/// server's <c>{"error"}</c> message and <see cref="StatusCode"/> its HTTP status.
/// </summary>
public class SikkerKeyException : Exception
{
    public SikkerKeyException(string message) : base(message)
    {
    }

    public SikkerKeyException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SikkerKeyException(string message, int statusCode) : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status the server answered with; <c>null</c> when the error did not come from an answer.</summary>
    public int? StatusCode { get; }
}
