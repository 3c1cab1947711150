using Marten;
using Microsoft.Extensions.Options;

namespace SikkerKey.Identity.LoggingIn;

/// <summary>
/// Counts failed logins in PostgreSQL, so every replica sees the same counts: an attacker cannot spread
/// guesses over replicas, and a restart does not reset them.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    public async Task<bool> IsBlockedAsync(IQuerySession session, string email, string ip, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - options.Value.Window;
        var account = AccountKey(email);
        var source = IpKey(ip);
        var counts = await session.Query<LoginFailure>()
            .Where(f => (f.Key == account || f.Key == source) && f.At > since)
            .GroupBy(f => f.Key)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.Any(c => c.Key == account && c.Count >= options.Value.MaxFailuresPerAccount)
            || counts.Any(c => c.Key == source && c.Count >= options.Value.MaxFailuresPerIp);
    }

    public void StageFailure(IDocumentSession session, string email, string ip)
    {
        var now = time.GetUtcNow();
        session.Insert(new LoginFailure { Id = Guid.NewGuid(), Key = AccountKey(email), At = now });
        session.Insert(new LoginFailure { Id = Guid.NewGuid(), Key = IpKey(ip), At = now });
        // Old failures no longer count; dropping them here keeps the table as small as the window.
        var expired = now - options.Value.Window;
        session.DeleteWhere<LoginFailure>(f => f.At < expired);
    }

    private static string AccountKey(string email) => "email:" + email.Trim().ToLowerInvariant();

    private static string IpKey(string ip) => "ip:" + ip;
}
