using Microsoft.Extensions.Time.Testing;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Signing.Tests;

public class VerifierTests
{
    private static readonly SigningVector Vector = SigningVector.All["get-secret"];
    private static readonly SignedRequestParts Parts = SignedRequestParts.From(Vector);

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public async Task Accepts_a_timestamp_exactly_at_the_edge_of_the_window(int serverClockOffset)
    {
        var result = await Verifying.Verify(Parts.ToRequest(), Parts.PublicKey, Parts.Now + serverClockOffset);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task The_window_is_configurable()
    {
        var options = new VerifierOptions { AllowedClockSkew = TimeSpan.FromSeconds(60) };

        var result = await Verifying.Verify(Parts.ToRequest(), Parts.PublicKey, Parts.Now + 61, options);

        Assert.Equal(VerificationFailure.TimestampOutsideWindow, result.Error?.Reason);
        Assert.Contains("61 s behind", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_tells_the_caller_which_nonce_to_record_and_for_how_long()
    {
        var result = await Verifying.Verify(Parts.ToRequest(), Parts.PublicKey, Parts.Now);

        Assert.True(result.IsSuccess);
        var expected = new VerifiedRequest(Vector.MachineId, Vector.Nonce, DateTimeOffset.FromUnixTimeSeconds(Vector.Timestamp),
            DateTimeOffset.FromUnixTimeSeconds(Vector.Timestamp + 300));
        Assert.Equal(expected, result.Request);
    }

    [Fact]
    public async Task A_malformed_request_never_reaches_the_key_lookup()
    {
        var lookups = 0;
        var verifier = new RequestVerifier(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Parts.Now)));
        var malformed = Parts.WithHeader("X-Signature", "short").ToRequest();

        await verifier.VerifyAsync(malformed, (_, _) => { lookups++; return ValueTask.FromResult(Parts.PublicKey); },
            TestContext.Current.CancellationToken);

        Assert.Equal(0, lookups);
    }

    [Fact]
    public async Task Missing_headers_are_all_named()
    {
        var parts = Parts.WithHeader("X-Nonce", null).WithHeader("X-Signature", null);

        var result = await Verifying.Verify(parts.ToRequest(), parts.PublicKey, parts.Now);

        Assert.Equal("missing X-Nonce, X-Signature: every v1 request must be signed", result.Error?.Message);
    }

    [Fact]
    public async Task Header_names_match_whatever_their_case()
    {
        var lowercase = Vector.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);

        var result = await Verifying.Verify((Parts with { Headers = lowercase }).ToRequest(), Parts.PublicKey, Parts.Now);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task A_corrupt_stored_key_is_a_server_fault_not_a_client_error() =>
        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await Verifying.Verify(Parts.ToRequest(), new byte[31], Parts.Now));
}
