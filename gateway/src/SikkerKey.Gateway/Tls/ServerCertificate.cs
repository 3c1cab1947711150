using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SikkerKey.Gateway.Tls;

/// <summary>The gateway's certificate with its private key and the chain it sends, read from a PEM pair.</summary>
public sealed class ServerCertificate : IDisposable
{
    private ServerCertificate(X509Certificate2 leaf, X509Certificate2Collection chain)
    {
        Leaf = leaf;
        Chain = chain;
        // Offline: the intermediates come from the file, never from a fetch during a handshake.
        Context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
    }

    public X509Certificate2 Leaf { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>The certificates after the first in the file (intermediates, perhaps the root).</summary>
    public X509Certificate2Collection Intermediates => Chain;

    private X509Certificate2Collection Chain { get; }

    /// <exception cref="CertificateFileException">A file is missing, unreadable, not PEM, expired, or the key is not the certificate's.</exception>
    public static ServerCertificate Load(string certificateFile, string keyFile, DateTimeOffset now)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(Read(certificateFile, TlsSettings.CertificateVariable));
        }
        catch (CryptographicException)
        {
            throw new CertificateFileException($"{TlsSettings.CertificateVariable} {certificateFile} is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        if (certificates.Count == 0)
            throw new CertificateFileException($"{TlsSettings.CertificateVariable} {certificateFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        using var leaf = certificates[0];
        certificates.RemoveAt(0);
        if (leaf.NotAfter.ToUniversalTime() <= now.UtcDateTime)
            throw new CertificateFileException($"{TlsSettings.CertificateVariable} {certificateFile}: the certificate expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z");
        if (leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
            throw new CertificateFileException($"{TlsSettings.CertificateVariable} {certificateFile}: the certificate is not valid until {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z");
        return new ServerCertificate(WithKey(leaf, certificateFile, keyFile), certificates);
    }

    private static X509Certificate2 WithKey(X509Certificate2 leaf, string certificateFile, string keyFile)
    {
        var key = Read(keyFile, TlsSettings.KeyVariable);
        if (!key.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new CertificateFileException($"{TlsSettings.KeyVariable} {keyFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        try
        {
            using var paired = X509Certificate2.CreateFromPem(leaf.ExportCertificatePem(), key);
            // Exported and read back: a PEM key is ephemeral, which SslStream cannot use on every platform.
            return X509CertificateLoader.LoadPkcs12(paired.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CertificateFileException(
                $"{TlsSettings.KeyVariable} {keyFile} does not hold the private key of the certificate in {certificateFile} (or is not an unencrypted PEM key)");
        }
    }

    private static string Read(string file, string variable)
    {
        if (Directory.Exists(file))
            throw new CertificateFileException($"{variable} {file} is a folder, not a PEM file");
        if (!File.Exists(file))
            throw new CertificateFileException($"{variable} {file} does not exist");
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException($"{variable} {file} cannot be read: {e.Message}");
        }
    }

    public void Dispose()
    {
        Leaf.Dispose();
        foreach (var certificate in Chain)
            certificate.Dispose();
    }
}
