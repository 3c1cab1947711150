using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// The whole system configured as <c>build/run</c> configures it (a first admin created at start, signup on), with the
/// retention sweeper looking every second and checkpoints signed every second, so tests need not wait an hour or 10 s.
/// </summary>
public class AuditSystemFixture : SystemFixture
{
    public const string AdminEmail = "admin@localhost";
    public const string AdminPassword = "first admin password 123";

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Audit__SweepInterval"] = "00:00:01",
        ["SikkerKey__Audit__CheckpointInterval"] = "00:00:01",
        ["SikkerKey__Admin__Email"] = AdminEmail,
        ["SikkerKey__Admin__Password"] = AdminPassword,
        ["SikkerKey__Signup__Enabled"] = "true",
    };

    /// <summary>The first admin, an instance administrator.</summary>
    public async Task<UserSession> AdminAsync()
    {
        var session = await UserSession.LogInAsync(System, "", "", AdminEmail, AdminPassword);
        var me = await (await session.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
        return session with { UserId = me.GetProperty("userId").GetString()!, VaultId = me.GetProperty("vaultId").GetString()! };
    }
}
