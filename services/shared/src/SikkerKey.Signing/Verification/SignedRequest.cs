namespace SikkerKey.Signing.Verification;

/// <summary>What the server received of one v1 request, as the verifier needs it.</summary>
/// <param name="Method">The HTTP method as received.</param>
/// <param name="Path">The path exactly as received (percent-encoding untouched), without the query.</param>
/// <param name="HasQueryString">Whether a query string came with it: signed routes refuse one.</param>
/// <param name="Header">Looks a header up by name, case-insensitively; <c>null</c> when absent.</param>
/// <param name="BodySha256">The SHA-256 of the raw body bytes received (32 bytes; of nothing when there is no body).</param>
public sealed record SignedRequest(
    string Method,
    string Path,
    bool HasQueryString,
    Func<string, string?> Header,
    ReadOnlyMemory<byte> BodySha256);
