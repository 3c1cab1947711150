using SikkerKey.Signing.Keys;
using static SikkerKey.Signing.Verification.VerificationFailure;

namespace SikkerKey.Signing.Verification;

/// <summary>
/// Verifies v1 signed requests on the server. It does not check nonce replay: that needs a store shared by all
/// replicas, and a nonce may only be recorded once its signature holds, so the caller records
/// <see cref="VerifiedRequest.Nonce"/> after a successful result.
/// </summary>
public sealed class RequestVerifier(TimeProvider time, VerifierOptions? options = null)
{
    private readonly TimeSpan _skew = (options ?? new VerifierOptions()).AllowedClockSkew;

    public async ValueTask<VerificationResult> VerifyAsync(
        SignedRequest request, PublicKeyLookup lookup, CancellationToken cancellationToken = default)
    {
        if (request.BodySha256.Length != 32)
            throw new ArgumentException("BodySha256 must be the 32-byte SHA-256 of the body.", nameof(request));
        var (claim, failure) = RequestClaim.Parse(request, time.GetUtcNow(), _skew);
        if (claim is null)
            return failure!;
        var publicKey = await lookup(claim.MachineId, cancellationToken).ConfigureAwait(false);
        if (publicKey is null)
            return VerificationResult.Failed(UnknownMachine, "unknown machine", claim.MachineId);
        return Ed25519Keys.Algorithm.Verify(Import(claim.MachineId, publicKey), SignedBytes(request, claim), claim.Signature)
            ? VerificationResult.Success(new VerifiedRequest(claim.MachineId, claim.Nonce, claim.Timestamp, claim.Timestamp + _skew))
            : VerificationResult.Failed(BadSignature, BadSignatureMessage, claim.MachineId);
    }

    private const string BadSignatureMessage =
        "signature does not match the request: sign it with this machine's private key and send the body unmodified";

    private static byte[] SignedBytes(SignedRequest request, RequestClaim claim) => SignedString.ToBytes(SignedString.Build(
        request.Method, request.Path, claim.TimestampText, claim.Nonce, Convert.ToHexStringLower(request.BodySha256.Span)));

    // A stored key of the wrong shape is corrupt server data, not a client mistake: fail loudly.
    private static NSec.Cryptography.PublicKey Import(Guid machineId, byte[] raw) =>
        Ed25519Keys.TryImportPublicKey(raw, out var key)
            ? key!
            : throw new InvalidOperationException($"The stored public key of machine {machineId} is not a raw 32-byte Ed25519 key.");
}
