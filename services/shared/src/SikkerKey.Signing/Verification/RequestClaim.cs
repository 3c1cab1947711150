using System.Globalization;
using static SikkerKey.Signing.Verification.VerificationFailure;

namespace SikkerKey.Signing.Verification;

/// <summary>What a request's headers claim, once they are well formed; nothing about it is trusted yet.</summary>
internal sealed record RequestClaim(Guid MachineId, string TimestampText, DateTimeOffset Timestamp, string Nonce, byte[] Signature)
{
    public const int MaxNonceLength = 64;
    private const int SignatureLength = 64;
    private const int MaxSignatureTextLength = 256;

    /// <summary>Checks the cheap things first, so malformed requests cost no database lookup.</summary>
    public static (RequestClaim? Claim, VerificationResult? Failure) Parse(SignedRequest request, DateTimeOffset now, TimeSpan skew)
    {
        if (request.HasQueryString)
            return Fail(QueryStringNotAllowed, "signed requests must not carry a query string");
        var missing = SigningHeaders.All.Where(name => request.Header(name) is null).ToList();
        if (missing.Count > 0)
            return Fail(MissingHeader, $"missing {string.Join(", ", missing)}: every v1 request must be signed");
        if (!Guid.TryParseExact(request.Header(SigningHeaders.MachineId), "D", out var machineId))
            return Fail(InvalidMachineId, "X-Machine-Id is not a UUID");
        var timestampText = request.Header(SigningHeaders.Timestamp)!;
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return Fail(InvalidTimestamp, "X-Timestamp must be unix seconds in decimal digits", machineId);
        if (OutsideWindow(seconds, now, skew) is { } drift)
            return Fail(TimestampOutsideWindow, drift, machineId);
        var nonce = request.Header(SigningHeaders.Nonce)!;
        if (nonce.Length is 0 or > MaxNonceLength)
            return Fail(InvalidNonce, $"X-Nonce must be 1 to {MaxNonceLength} characters", machineId);
        if (DecodeSignature(request.Header(SigningHeaders.Signature)!) is not { } signature)
            return Fail(MalformedSignature, "X-Signature must be a 64-byte Ed25519 signature in standard base64", machineId);
        var claim = new RequestClaim(machineId, timestampText, DateTimeOffset.FromUnixTimeSeconds(seconds), nonce, signature);
        return (claim, null);
    }

    private static string? OutsideWindow(long seconds, DateTimeOffset now, TimeSpan skew)
    {
        var drift = seconds - now.ToUnixTimeSeconds();
        var allowed = (long)skew.TotalSeconds;
        if (Math.Abs(drift) <= allowed)
            return null;
        var how = drift > 0 ? $"{drift} s ahead of" : $"{-drift} s behind";
        return $"X-Timestamp is {how} the server clock (allowed: ±{allowed} s); check the machine's clock";
    }

    private static byte[]? DecodeSignature(string text)
    {
        if (text.Length > MaxSignatureTextLength)
            return null;
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == SignatureLength
            ? bytes[..SignatureLength]
            : null;
    }

    private static (RequestClaim?, VerificationResult?) Fail(VerificationFailure reason, string message, Guid? machineId = null) =>
        (null, VerificationResult.Failed(reason, message, machineId));
}
