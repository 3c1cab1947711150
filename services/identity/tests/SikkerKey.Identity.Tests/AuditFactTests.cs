using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary>Account facts the audit log is built from are recorded in the identity service's event store.</summary>
public sealed class AuditFactTests(SystemFixture fixture)
{
    [Fact]
    public async Task Logins_team_changes_and_permission_changes_are_recorded_as_facts()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var web = await TeamTests.CreateProjectAsync(owner, "web");
        using var client = fixture.System.CreateClient();
        await client.PostJsonAsync("/api/auth/login", new { email = member.Email, password = "wrong password" });
        await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{member.UserId}", new { permissions = new[] { "ManageSecrets" } });
        await owner.Client.DeleteAsync($"/api/team/members/{member.UserId}", Http.Ct);

        var facts = await FactsAboutAsync(member.UserId);

        Assert.Equal(["team_member_added", "user_logged_in", "user_login_failed", "permissions_changed", "team_member_removed"], facts);
    }

    private async Task<IReadOnlyList<string>> FactsAboutAsync(string userId)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT type FROM identity.mt_events WHERE data->>'UserId' = @id ORDER BY seq_id", connection);
        command.Parameters.AddWithValue("id", userId);
        var facts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Http.Ct);
        while (await reader.ReadAsync(Http.Ct))
            facts.Add(reader.GetString(0));
        return facts;
    }
}
