using Microsoft.Extensions.Options;

namespace SikkerKey.Gateway.Tls;

/// <summary>
/// Loads the certificate once at start, so a missing, unreadable, expired or mismatched file stops the gateway with
/// one line naming it, rather than failing every handshake later.
/// </summary>
internal sealed class TlsSettingsValidator(TimeProvider time) : IValidateOptions<TlsSettings>
{
    public ValidateOptionsResult Validate(string? name, TlsSettings options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.CertificateFile) || string.IsNullOrWhiteSpace(options.KeyFile))
            return ValidateOptionsResult.Fail($"{TlsSettings.CertificateVariable} and {TlsSettings.KeyVariable} go together: set both (PEM files) or neither");
        if (options.HttpsPort is < 1 or > 65535)
            return ValidateOptionsResult.Fail($"{TlsSettings.PortVariable}={options.HttpsPort} is not a TCP port");
        try
        {
            using var certificate = ServerCertificate.Load(options.CertificateFile, options.KeyFile, time.GetUtcNow());
            return ValidateOptionsResult.Success;
        }
        catch (CertificateFileException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
