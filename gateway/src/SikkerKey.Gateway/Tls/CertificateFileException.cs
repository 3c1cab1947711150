namespace SikkerKey.Gateway.Tls;

/// <summary>A certificate or key file the gateway cannot serve; the message names the file and what is wrong with it.</summary>
public sealed class CertificateFileException(string message) : Exception(message);
