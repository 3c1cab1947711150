namespace SikkerKey.Signing.Verification;

/// <summary>Why a signed request was refused: <see cref="QueryStringNotAllowed"/> is a 400, every other one a 401.</summary>
public enum VerificationFailure
{
    QueryStringNotAllowed,
    MissingHeader,
    InvalidMachineId,
    InvalidTimestamp,
    TimestampOutsideWindow,
    InvalidNonce,
    MalformedSignature,
    UnknownMachine,
    BadSignature,
}
