using System.Diagnostics.CodeAnalysis;

namespace SikkerKey.Signing.Verification;

/// <summary>Either the verified request or why it was refused.</summary>
public sealed class VerificationResult
{
    private VerificationResult(VerifiedRequest? request, VerificationError? error) => (Request, Error) = (request, error);

    public VerifiedRequest? Request { get; }

    public VerificationError? Error { get; }

    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Request is not null;

    internal static VerificationResult Success(VerifiedRequest request) => new(request, null);

    internal static VerificationResult Failed(VerificationFailure reason, string message, Guid? claimedMachineId = null) =>
        new(null, new VerificationError(reason, message, claimedMachineId));
}
