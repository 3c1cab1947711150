namespace SikkerKey.Signing.Verification;

/// <param name="Message">Safe to return to the client in <c>{"error"}</c> and to audit: it never echoes header values.</param>
/// <param name="ClaimedMachineId">The machine the request claimed to be, once its header parsed: audits name it.</param>
public sealed record VerificationError(VerificationFailure Reason, string Message, Guid? ClaimedMachineId)
{
    public int StatusCode => Reason == VerificationFailure.QueryStringNotAllowed ? 400 : 401;
}
