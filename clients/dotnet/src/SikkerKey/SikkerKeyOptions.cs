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

    /// <summary>
    /// The encrypted offline cache (the official <c>.skc</c> format): every value read is also sealed to disk and served
    /// from there only when SikkerKey cannot be reached (network error, 502, 503, 504), never after a 401, 403 or 404.
    /// <c>null</c> (the default): on only when <c>SIKKERKEY_CACHE=1</c>. Off, nothing is written to disk.
    /// </summary>
    public bool? OfflineCache { get; set; }

    /// <summary>The cache's folder; default <c>$SIKKERKEY_CACHE_DIR/&lt;vaultId&gt;</c>, else <c>$SIKKERKEY_HOME/vaults/&lt;vaultId&gt;/cache</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Told once when the cache folder cannot be written (reading goes on without it); default: a line on stderr.</summary>
    public Action<string>? CacheWarning { get; set; }

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
