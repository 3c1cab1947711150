using SikkerKey.Signing.Verification;
using static SikkerKey.Signing.Verification.VerificationFailure;

namespace SikkerKey.Signing.Tests;

public class VerifierFailureTests
{
    private static readonly SigningVector Vector = SigningVector.All["list-by-project-python-style"];
    private static readonly SigningVector OtherMachine = SigningVector.All["second-key"];

    // Each case changes one thing about a correctly signed request.
    private static readonly Dictionary<string, Func<SignedRequestParts, SignedRequestParts>> Changes = new()
    {
        ["query string"] = p => p with { HasQueryString = true },
        ["no X-Machine-Id"] = p => p.WithHeader("X-Machine-Id", null),
        ["no X-Timestamp"] = p => p.WithHeader("X-Timestamp", null),
        ["no X-Nonce"] = p => p.WithHeader("X-Nonce", null),
        ["no X-Signature"] = p => p.WithHeader("X-Signature", null),
        ["no headers"] = p => p with { Headers = new Dictionary<string, string>() },
        ["machine id not a UUID"] = p => p.WithHeader("X-Machine-Id", "machine-1"),
        ["machine id empty"] = p => p.WithHeader("X-Machine-Id", ""),
        ["timestamp not numeric"] = p => p.WithHeader("X-Timestamp", "soon"),
        ["timestamp negative"] = p => p.WithHeader("X-Timestamp", "-1767225600"),
        ["timestamp with fraction"] = p => p.WithHeader("X-Timestamp", "1767225600.5"),
        ["timestamp empty"] = p => p.WithHeader("X-Timestamp", ""),
        ["timestamp overflows"] = p => p.WithHeader("X-Timestamp", "99999999999999999999999"),
        ["timestamp 301 s in the future"] = p => p with { Now = p.Now - 301 },
        ["timestamp 301 s in the past"] = p => p with { Now = p.Now + 301 },
        ["nonce empty"] = p => p.WithHeader("X-Nonce", ""),
        ["nonce of 65 characters"] = p => p.WithHeader("X-Nonce", new string('n', 65)),
        ["signature not base64"] = p => p.WithHeader("X-Signature", "not*base64!"),
        ["signature empty"] = p => p.WithHeader("X-Signature", ""),
        ["signature of 63 bytes"] = p => p.WithHeader("X-Signature", Convert.ToBase64String(new byte[63])),
        ["signature of 65 bytes"] = p => p.WithHeader("X-Signature", Convert.ToBase64String(new byte[65])),
        ["unknown machine"] = p => p with { PublicKey = null },
        ["body tampered"] = p => p with { Body = "{\"projectId\":\"proj_a1b2c3d4e5\"}"u8.ToArray() },
        ["body dropped"] = p => p with { Body = [] },
        ["path changed"] = p => p with { Path = "/v1/secrets/export" },
        ["method changed"] = p => p with { Method = "PUT" },
        ["nonce changed"] = p => p.WithHeader("X-Nonce", OtherMachine.Nonce),
        ["timestamp rewritten with a leading zero"] = p => p.WithHeader("X-Timestamp", "0" + p.Headers["X-Timestamp"]),
        ["signature by another machine's key"] = p => p.WithHeader("X-Signature", OtherMachine.Signature),
        ["server holds another key"] = p => p with { PublicKey = Convert.FromBase64String(OtherMachine.PublicKey) },
    };

    public static TheoryData<string, VerificationFailure> Table => new()
    {
        { "query string", QueryStringNotAllowed },
        { "no X-Machine-Id", MissingHeader }, { "no X-Timestamp", MissingHeader },
        { "no X-Nonce", MissingHeader }, { "no X-Signature", MissingHeader }, { "no headers", MissingHeader },
        { "machine id not a UUID", InvalidMachineId }, { "machine id empty", InvalidMachineId },
        { "timestamp not numeric", InvalidTimestamp }, { "timestamp negative", InvalidTimestamp },
        { "timestamp with fraction", InvalidTimestamp }, { "timestamp empty", InvalidTimestamp },
        { "timestamp overflows", InvalidTimestamp },
        { "timestamp 301 s in the future", TimestampOutsideWindow }, { "timestamp 301 s in the past", TimestampOutsideWindow },
        { "nonce empty", InvalidNonce }, { "nonce of 65 characters", InvalidNonce },
        { "signature not base64", MalformedSignature }, { "signature empty", MalformedSignature },
        { "signature of 63 bytes", MalformedSignature }, { "signature of 65 bytes", MalformedSignature },
        { "unknown machine", UnknownMachine },
        { "body tampered", BadSignature }, { "body dropped", BadSignature }, { "path changed", BadSignature },
        { "method changed", BadSignature }, { "nonce changed", BadSignature },
        { "timestamp rewritten with a leading zero", BadSignature },
        { "signature by another machine's key", BadSignature }, { "server holds another key", BadSignature },
    };

    [Fact]
    public void Every_change_is_in_the_table() => Assert.Equal(Changes.Keys.Order(), Table.Select(row => row.Data.Item1).Order());

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Refuses_with_a_reason_a_status_and_the_claimed_machine(string change, VerificationFailure expected)
    {
        var parts = Changes[change](SignedRequestParts.From(Vector));

        var result = await Verifying.Verify(parts.ToRequest(), parts.PublicKey, parts.Now);

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Error.Reason);
        Assert.Equal(expected == QueryStringNotAllowed ? 400 : 401, result.Error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        Assert.DoesNotContain("machine-1", result.Error.Message, StringComparison.Ordinal);
        // Audits name the machine a request claimed to be, once its header parsed.
        Assert.Equal(expected > InvalidMachineId ? Vector.MachineId : null, result.Error.ClaimedMachineId);
    }
}
