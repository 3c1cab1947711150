using System.Security.Cryptography;
using SikkerKey.Signing.Verification;

namespace SikkerKey.Signing.Tests;

/// <summary>A request as a server receives it, easy to change one part at a time.</summary>
internal sealed record SignedRequestParts(
    string Method, string Path, bool HasQueryString, IReadOnlyDictionary<string, string> Headers, byte[] Body,
    byte[]? PublicKey, long Now)
{
    /// <summary>The vector, received at its own timestamp by a server that knows the machine.</summary>
    public static SignedRequestParts From(SigningVector v) => new(
        v.Method, v.Path, false, v.Headers, v.BodyBytes, Convert.FromBase64String(v.PublicKey), v.Timestamp);

    public SignedRequestParts WithHeader(string name, string? value)
    {
        var headers = new Dictionary<string, string>(Headers);
        if (value is null)
            headers.Remove(name);
        else
            headers[name] = value;
        return this with { Headers = headers };
    }

    public SignedRequest ToRequest() =>
        new(Method, Path, HasQueryString, SikkerKey.Signing.Tests.Headers.Lookup(Headers), SHA256.HashData(Body));
}
