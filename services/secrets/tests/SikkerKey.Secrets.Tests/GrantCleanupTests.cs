using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Grants follow the identity service's facts across the bus: revoking or deleting a machine, or removing the team
/// member who owns it, drops its grants, and only its own. The bus is asynchronous, hence <see cref="Eventually"/>.
/// </summary>
public sealed class GrantCleanupTests(SystemFixture fixture)
{
    private sealed record Setup(UserSession Owner, UserSession Member, string Secret, TestMachine Target, TestMachine Bystander) : IDisposable
    {
        public void Dispose()
        {
            Target.Dispose();
            Bystander.Dispose();
            Member.Dispose();
            Owner.Dispose();
        }
    }

    [Fact]
    public async Task A_revoked_machine_loses_its_grants()
    {
        using var s = await SetUpAsync(ownedByMember: false);

        await (await s.Owner.Client.PostAsync($"/api/machines/{s.Target.Id}/revoke", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        await AssertOnlyBystanderKeepsItsGrantAsync(s);
    }

    [Fact]
    public async Task A_deleted_machine_loses_its_grants()
    {
        using var s = await SetUpAsync(ownedByMember: false);

        await (await s.Owner.Client.DeleteAsync($"/api/machines/{s.Target.Id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        await AssertOnlyBystanderKeepsItsGrantAsync(s);
    }

    [Fact]
    public async Task Machines_of_a_removed_team_member_lose_their_grants()
    {
        using var s = await SetUpAsync(ownedByMember: true);

        await (await s.Owner.Client.DeleteAsync($"/api/team/members/{s.Member.UserId}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        await AssertOnlyBystanderKeepsItsGrantAsync(s);
    }

    /// <summary>The target machine (the owner's, or a member's) and a bystander of the owner's, both granted one secret.</summary>
    private async Task<Setup> SetUpAsync(bool ownedByMember)
    {
        var owner = await UserSession.SignUpAsync(fixture.System);
        var member = await owner.AddMemberAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        await (await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions = new[] { "ManageProvisionedMachines", "ReadSecrets" } })).AssertOkAsync();
        var secret = await SecretTests.SecretAsync(owner, project, new { name = "api key", value = "k1" });
        var targetOwner = ownedByMember ? member : owner;
        var target = await TestMachine.RegisterAsync(fixture.System, targetOwner, [project]);
        await target.GrantAsync(fixture.System, targetOwner, project, secret);
        var bystander = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await bystander.GrantAsync(fixture.System, owner, project, secret);
        var s = new Setup(owner, member, secret, target, bystander);
        Assert.Equal(new[] { target.Id, bystander.Id }.Order(), (await GrantedAsync(s)).Order());
        return s;
    }

    private static async Task AssertOnlyBystanderKeepsItsGrantAsync(Setup s)
    {
        var granted = await Eventually.MatchAsync(() => GrantedAsync(s), ids => !ids.Contains(s.Target.Id), TimeSpan.FromSeconds(30), "the grant of the machine dropped");
        Assert.Equal([s.Bystander.Id], granted);
    }

    private static async Task<List<Guid>> GrantedAsync(Setup s) =>
        (await (await s.Owner.Client.GetAsync($"/api/secrets/{s.Secret}/grants", Http.Ct)).AssertOkAsync())
            .GetProperty("machineIds").EnumerateArray().Select(m => m.GetGuid()).ToList();
}
