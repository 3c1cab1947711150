using Marten;
using Microsoft.Extensions.Options;
using SikkerKey.Contracts.Accounts;
using SikkerKey.Identity.Passwords;
using SikkerKey.Identity.Sessions;

namespace SikkerKey.Identity.Accounts;

/// <summary>
/// Stages new vaults, users and sessions in a Marten session; the caller commits them together, so a
/// failure (such as a taken email, which collides on <see cref="Credentials"/>) leaves nothing behind.
/// </summary>
public sealed class AccountWriter(PasswordHasher hasher, TimeProvider time, IOptions<PlanOptions> plan, IOptions<SessionLifetimeOptions> sessions)
{
    public string StageVault(IDocumentSession session, string name, Guid ownerId, string? sourceIp)
    {
        var vaultId = Ids.NewVaultId();
        session.Events.StartStream<Vault>(vaultId, new VaultCreated(vaultId, name.Trim(), ownerId, plan.Value.DefaultMachineQuota, time.GetUtcNow(), sourceIp));
        return vaultId;
    }

    public void StageUser(IDocumentSession session, Guid userId, string vaultId, string email, string password, string role, Guid? addedBy, string? sourceIp)
    {
        session.Insert(new Credentials { Id = Credentials.KeyFor(email), UserId = userId, PasswordHash = hasher.Hash(password) });
        session.Events.StartStream<User>(userId.ToString(), new TeamMemberAdded(userId, vaultId, email.Trim(), role, addedBy, time.GetUtcNow(), sourceIp));
    }

    /// <returns>The bearer token; only its hash is stored.</returns>
    public (string Token, Session Session) StageSession(IDocumentSession session, Guid userId, string vaultId)
    {
        var token = Session.NewToken();
        var now = time.GetUtcNow();
        var stored = new Session { Id = Session.IdFor(token), UserId = userId, VaultId = vaultId, CreatedAt = now, ExpiresAt = now + sessions.Value.Lifetime };
        session.Insert(stored);
        return (token, stored);
    }
}
