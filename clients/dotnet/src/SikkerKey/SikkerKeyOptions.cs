using SikkerKey.Signing;

namespace SikkerKey;

public sealed class SikkerKeyOptions
{
    /// <summary>Path to identity.json (or its folder), or a vault id; <c>null</c> follows the lookup order of <see cref="MachineIdentity.Locate"/>.</summary>
    public string? Identity { get; set; }

    /// <summary>How long one attempt may take. Protocol v1: 15 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Waits before each retry of a 429, 503 or network error; one entry per retry. Protocol v1: 1 s, 2 s, 4 s.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>The clock for request timestamps, retry waits and watch intervals.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal IdentityLocator Locator { get; set; } = IdentityLocator.FromEnvironment();

    // Tests fix the nonce to replay the shared vectors; everyone else gets 16 random bytes per attempt.
    internal Func<string> NonceFactory { get; set; } = RequestSigner.NewNonce;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        if (RetryDelays.Any(delay => delay < TimeSpan.Zero))
            throw new ArgumentOutOfRangeException(nameof(RetryDelays), "Retry delays cannot be negative.");
    }
}
