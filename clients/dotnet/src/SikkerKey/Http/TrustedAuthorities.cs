using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SikkerKey;

/// <summary>
/// <c>SSL_CERT_FILE</c> as OpenSSL, curl and Python read it: the PEM file of the certificate authorities to trust,
/// instead of the system's. Read here rather than left to the platform, so it holds on every OS and for the
/// environment the client was given, e.g. a SikkerKey whose certificate comes from its own CA (<c>build/run --tls</c>).
/// </summary>
internal static class TrustedAuthorities
{
    public const string Variable = "SSL_CERT_FILE";

    public static SslClientAuthenticationOptions? FromEnvironment(Func<string, string?> environment)
    {
        if (environment(Variable) is not { Length: > 0 } file)
            return null;
        // No revocation check, as the default handler does: a private CA publishes no revocation list.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        try
        {
            policy.CustomTrustStore.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SikkerKeyException($"{Variable}={file} cannot be read as PEM certificates ({e.Message}): point it at the CA certificate SikkerKey's is issued by.", e);
        }
        if (policy.CustomTrustStore.Count == 0)
            throw new SikkerKeyException($"{Variable}={file} holds no PEM certificate (-----BEGIN CERTIFICATE-----): point it at the CA certificate SikkerKey's is issued by.");
        return new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
    }

    /// <summary>Whether the request failed because the server's certificate was refused (never worth a retry).</summary>
    public static bool IsCertificateError(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };

    public static string Describe(Uri origin, HttpRequestException e) =>
        $"TLS error: cannot verify the certificate of SikkerKey at {origin.GetLeftPart(UriPartial.Authority)} " +
        $"({e.InnerException?.Message ?? e.Message}). If its certificate comes from a private CA, set {Variable} to that CA's PEM file.";
}
