using Marten;
using Microsoft.Extensions.Options;

namespace SikkerKey.Identity.LoggingIn;

/// <summary>
/// Counts failed logins in PostgreSQL, so every replica sees the same counts: an attacker cannot spread guesses
/// over replicas, and a restart does not reset them. Failures count per (account, address) pair and per address;
/// those refuse. Failures per account from everywhere only slow the account down: a stranger failing on purpose
/// must never lock the owner out of their correct password from an address that has not been failing.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    /// <summary>What the failures so far mean for one attempt.</summary>
    public sealed record Verdict(TimeSpan? RetryAfter, TimeSpan Delay)
    {
        public bool Refused => RetryAfter is not null;
    }

    public async Task<Verdict> CheckAsync(IQuerySession session, string email, string ip, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        var since = now - limits.Window;
        string pair = PairKey(email, ip), source = IpKey(ip), account = AccountKey(email);
        var counts = await session.Query<LoginFailure>()
            .Where(f => (f.Key == pair || f.Key == source || f.Key == account) && f.At > since)
            .GroupBy(f => f.Key)
            .Select(g => new { g.Key, Count = g.Count(), Oldest = g.Min(f => f.At) })
            .ToListAsync(cancellationToken);
        var byKey = counts.ToDictionary(c => c.Key);

        var refusing = new[] { (pair, limits.MaxFailuresPerAccount), (source, limits.MaxFailuresPerIp) }
            .Where(limit => byKey.TryGetValue(limit.Item1, out var c) && c.Count >= limit.Item2)
            .Select(limit => byKey[limit.Item1].Oldest + limits.Window - now)
            .ToList();
        if (refusing.Count > 0)
            return new Verdict(Max(refusing.Max(), TimeSpan.FromSeconds(1)), TimeSpan.Zero);

        var excess = byKey.TryGetValue(account, out var forAccount) ? forAccount.Count - limits.MaxFailuresPerAccount + 1 : 0;
        return new Verdict(null, excess <= 0 ? TimeSpan.Zero : Min(limits.AccountDelay * excess, limits.MaxAccountDelay));
    }

    public void StageFailure(IDocumentSession session, string email, string ip)
    {
        var now = time.GetUtcNow();
        foreach (var key in new[] { PairKey(email, ip), IpKey(ip), AccountKey(email) })
            session.Insert(new LoginFailure { Id = Guid.NewGuid(), Key = key, At = now });
        // Old failures no longer count; dropping them here keeps the table as small as the window.
        var expired = now - options.Value.Window;
        session.DeleteWhere<LoginFailure>(f => f.At < expired);
    }

    private static string AccountKey(string email) => "email:" + Normalized(email);

    private static string PairKey(string email, string ip) => $"pair:{Normalized(email)}|{ip}";

    private static string IpKey(string ip) => "ip:" + ip;

    private static string Normalized(string email) => email.Trim().ToLowerInvariant();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
