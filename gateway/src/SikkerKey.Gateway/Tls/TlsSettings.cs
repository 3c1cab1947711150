namespace SikkerKey.Gateway.Tls;

/// <summary>HTTPS at the gateway: on when <c>SIKKERKEY_TLS_CERT_FILE</c> and <c>SIKKERKEY_TLS_KEY_FILE</c> name PEM files.</summary>
public sealed class TlsSettings
{
    public const string CertificateVariable = "SIKKERKEY_TLS_CERT_FILE";
    public const string KeyVariable = "SIKKERKEY_TLS_KEY_FILE";
    public const string PortVariable = "SIKKERKEY_HTTPS_PORT";

    public string? CertificateFile { get; set; }

    public string? KeyFile { get; set; }

    public int HttpsPort { get; set; } = 8443;

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(KeyFile);
}
