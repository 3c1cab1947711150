namespace SikkerKey.ServiceDefaults.Errors;

/// <summary>
/// Stored ciphertext failed its authentication: answered <c>500 {"error":"secret failed its integrity check"}</c>.
/// Whoever throws it has already logged and audited the failure, so the error handler adds no line and no stack.
/// </summary>
public sealed class IntegrityCheckFailedException() : Exception(Message)
{
    public new const string Message = "secret failed its integrity check";
}
