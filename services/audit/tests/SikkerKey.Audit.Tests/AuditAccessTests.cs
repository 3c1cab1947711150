using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>Owners, admins and auditors read their own vault's log and nothing else; members read none.</summary>
public sealed class AuditAccessTests(AuditSystemFixture fixture)
{
    private static readonly string[] Endpoints = ["/api/audit", "/api/audit/export", "/api/audit/verify"];

    [Fact]
    public async Task Auditors_and_admins_read_the_log_members_are_403_and_strangers_see_only_their_own_vault()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var auditor = await owner.AddMemberAsync(fixture.System, "auditor");
        using var admin = await owner.AddMemberAsync(fixture.System, "admin");
        using var member = await owner.AddMemberAsync(fixture.System);
        using var stranger = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("crown-jewels");
        using var machine = await owner.MachineAsync(fixture.System, project);
        var ownerView = await Eventually.MatchAsync(() => owner.EntriesAsync(), e => e.Any(x => x.Is("machine_registered")), AuditLog.Patience, "machine_registered");

        foreach (var reader in new[] { auditor, admin })
        {
            var seen = await reader.EntriesAsync();
            Assert.Subset(seen.Select(e => e.Text("id")).ToHashSet(), ownerView.Select(e => e.Text("id")).ToHashSet());
            foreach (var path in Endpoints)
                Assert.Equal(HttpStatusCode.OK, (await reader.Client.GetAsync(path, Http.Ct)).StatusCode);
        }
        foreach (var path in Endpoints)
            await (await member.Client.GetAsync(path, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        using (var anonymous = fixture.System.CreateClient())
            await (await anonymous.GetAsync("/api/audit", Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);

        foreach (var path in Endpoints)
        {
            var text = await (await stranger.Client.GetAsync(path, Http.Ct)).Content.ReadAsStringAsync(Http.Ct);
            Assert.DoesNotContain(owner.VaultId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(owner.UserId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(project, text, StringComparison.Ordinal);
            Assert.DoesNotContain(machine.Id.ToString(), text, StringComparison.Ordinal);
        }
        Assert.Empty(await stranger.EntriesAsync($"&machineId={machine.Id}"));
        Assert.Empty(await stranger.EntriesAsync($"&actorId={owner.UserId}"));
        Assert.All(await stranger.EntriesAsync(), e => Assert.Equal(stranger.UserId, e.Text("actorId")));
    }
}
