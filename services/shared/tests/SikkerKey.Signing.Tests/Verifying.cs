using Microsoft.Extensions.Time.Testing;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Signing.Tests;

internal static class Verifying
{
    public static ValueTask<VerificationResult> Verify(
        SignedRequest request, byte[]? publicKey, long nowUnixSeconds, VerifierOptions? options = null) =>
        new RequestVerifier(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(nowUnixSeconds)), options)
            .VerifyAsync(request, (_, _) => ValueTask.FromResult(publicKey), TestContext.Current.CancellationToken);
}
