using SikkerKey.Signing.Verification;

namespace SikkerKey.Sdk.Tests.Support;

/// <summary>One request as the test server saw it on the wire, with the verdict of the real verifier.</summary>
internal sealed record ReceivedRequest(
    string Method, string RawPath, string? ContentLength, IReadOnlyDictionary<string, string> Headers, byte[] Body,
    VerificationResult Verification)
{
    public string Nonce => Headers["X-Nonce"];

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
