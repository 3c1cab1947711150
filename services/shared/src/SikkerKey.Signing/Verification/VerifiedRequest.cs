namespace SikkerKey.Signing.Verification;

/// <summary>A request whose signature holds. Its nonce is not yet checked for replay: record it next.</summary>
/// <param name="ReplayWindowEndsAt">Until when the nonce must be remembered: after that the timestamp alone refuses a replay.</param>
public sealed record VerifiedRequest(Guid MachineId, string Nonce, DateTimeOffset Timestamp, DateTimeOffset ReplayWindowEndsAt);
