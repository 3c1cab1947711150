namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// <c>SikkerKey:Metrics</c>: the bearer token a Prometheus scrape must present (<c>Token</c>, or <c>TokenFile</c> for a
/// 0600 file or a Docker/Kubernetes secret). Without one there is no <c>/metrics</c> at all: counters of refused
/// requests and lockouts tell a prober how its probing goes.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "SikkerKey:Metrics";

    /// <summary>Shorter tokens are refused at start: the token is all that guards the endpoint.</summary>
    public const int MinTokenLength = 16;

    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    /// <summary>
    /// A management port for <c>/metrics</c> alone (<c>SikkerKey__Metrics__Port</c>); unset, a service serves it on its
    /// own port and the gateway on <c>SIKKERKEY_METRICS_PORT</c> (default 9464).
    /// </summary>
    public int? Port { get; set; }

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this local port (the management port, never the public one).
    /// </summary>
    public int? ManagementPort { get; set; }

    public string? ResolveToken()
    {
        if (!string.IsNullOrWhiteSpace(Token))
            return Token.Trim();
        if (string.IsNullOrWhiteSpace(TokenFile))
            return null;
        try
        {
            return File.ReadAllText(TokenFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read the metrics token file {TokenFile}: {ex.Message}", ex);
        }
    }
}
