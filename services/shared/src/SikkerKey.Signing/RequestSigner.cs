using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;
using SikkerKey.Signing.Keys;

namespace SikkerKey.Signing;

/// <summary>Signs v1 machine requests for a client holding the machine's private key.</summary>
public sealed class RequestSigner : IDisposable
{
    private readonly Key _key;
    private readonly bool _ownsKey;
    private readonly TimeProvider _time;
    private readonly string _machineId;

    /// <param name="key">An Ed25519 key; the caller keeps ownership and disposes it.</param>
    public RequestSigner(Guid machineId, Key key, TimeProvider? time = null) : this(machineId, key, false, time)
    {
    }

    private RequestSigner(Guid machineId, Key key, bool ownsKey, TimeProvider? time)
    {
        if (key.Algorithm != Ed25519Keys.Algorithm)
            throw new ArgumentException("SikkerKey machine keys are Ed25519.", nameof(key));
        _machineId = machineId.ToString("D");
        (_key, _ownsKey, _time) = (key, ownsKey, time ?? TimeProvider.System);
    }

    /// <summary>A signer owning the key read from PKCS#8 PEM bytes (the bundle's <c>private.pem</c>).</summary>
    /// <exception cref="InvalidPrivateKeyException">The PEM is not a PKCS#8 Ed25519 private key.</exception>
    public static RequestSigner FromPem(Guid machineId, ReadOnlySpan<byte> privateKeyPem, TimeProvider? time = null) =>
        new(machineId, Ed25519Keys.ImportPrivateKeyPem(privateKeyPem), true, time);

    /// <summary>Signs with the current time and a fresh nonce: call once per attempt, retries included.</summary>
    public SignedHeaders Sign(string method, string path, ReadOnlySpan<byte> body) =>
        Sign(method, path, body, _time.GetUtcNow().ToUnixTimeSeconds(), NewNonce());

    /// <summary>Signs with a given timestamp and nonce; for test vectors and callers with their own nonce source.</summary>
    public SignedHeaders Sign(string method, string path, ReadOnlySpan<byte> body, long timestamp, string nonce)
    {
        if (path.Contains('?', StringComparison.Ordinal))
            throw new ArgumentException("Signed v1 requests carry no query string.", nameof(path));
        var time = timestamp.ToString(CultureInfo.InvariantCulture);
        var text = SignedString.Build(method, path, time, nonce, SignedString.BodyHash(body));
        var signature = Ed25519Keys.Algorithm.Sign(_key, SignedString.ToBytes(text));
        return new SignedHeaders(_machineId, time, nonce, Convert.ToBase64String(signature));
    }

    /// <summary>16 random bytes, standard base64 with padding: what every official client sends.</summary>
    public static string NewNonce()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }

    public void Dispose()
    {
        if (_ownsKey)
            _key.Dispose();
    }
}
