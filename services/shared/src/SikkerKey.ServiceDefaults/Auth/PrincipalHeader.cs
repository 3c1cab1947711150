using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// <c>X-SikkerKey-Principal: base64url(json).unixSeconds.base64url(hmac)</c>. The MAC covers the principal,
/// the method, the path and the time, so a header cannot be forged, moved to another request, or replayed
/// later. The gateway removes any such header a client sends.
/// </summary>
public sealed class PrincipalHeader(IOptions<InternalKeyOptions> options, TimeProvider time)
{
    public const string Name = "X-SikkerKey-Principal";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private readonly Lazy<byte[]> key = new(() => options.Value.Resolve());

    public string Sign(Principal principal, string method, string path)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(principal, JsonSerializerOptions.Web));
        var issued = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{payload}.{issued}.{Base64Url.EncodeToString(Mac(payload, issued, method, path))}";
    }

    public Principal? Verify(string? header, string method, string path)
    {
        var parts = header?.Split('.');
        if (parts is not { Length: 3 } || !long.TryParse(parts[1], out var issued))
            return null;
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued);
        if (age > MaxAge || age < -MaxAge)
            return null;
        if (!Base64Url.IsValid(parts[2]) || !Base64Url.IsValid(parts[0]))
            return null;
        if (!CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(parts[2]), Mac(parts[0], parts[1], method, path)))
            return null;
        return JsonSerializer.Deserialize<Principal>(Base64Url.DecodeFromChars(parts[0]), JsonSerializerOptions.Web);
    }

    private byte[] Mac(string payload, string issued, string method, string path) =>
        HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes($"{payload}\n{issued}\n{method.ToUpperInvariant()}\n{path}"));
}
