namespace SikkerKey.Signing.Verification;

public sealed class VerifierOptions
{
    /// <summary>How far <c>X-Timestamp</c> may be from the server's clock, either way. Protocol v1: 300 s.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromSeconds(300);
}
