using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

public sealed class TeamTests(SystemFixture fixture)
{
    [Fact]
    public async Task A_member_sees_only_projects_they_were_given_permissions_on()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var web = await CreateProjectAsync(owner, "web");
        await CreateProjectAsync(owner, "billing");

        Assert.Empty((await (await member.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects").EnumerateArray());
        await (await member.Client.GetAsync($"/api/projects/{web}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);

        var set = await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{member.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertOkAsync();
        Assert.Equal(["ReadSecrets"], set.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        var visible = (await (await member.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects");
        Assert.Equal([web], visible.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        await (await member.Client.GetAsync($"/api/projects/{web}", Http.Ct)).AssertOkAsync();

        await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{member.UserId}", new { permissions = Array.Empty<string>() })).AssertOkAsync();
        await (await member.Client.GetAsync($"/api/projects/{web}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Permission_changes_are_checked()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var other = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        using var admin = await owner.AddMemberAsync(fixture.System, "admin");
        var web = await CreateProjectAsync(owner, "web");
        var foreign = await CreateProjectAsync(other, "foreign");

        await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{member.UserId}", new { permissions = new[] { "ReadEverything" } })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{member.UserId}", new { })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PutJsonAsync($"/api/projects/{foreign}/members/{member.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PutJsonAsync($"/api/projects/proj_doesnotexi/members/{member.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{other.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{admin.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await member.Client.PutJsonAsync($"/api/projects/{web}/members/{member.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_removed_member_is_locked_out_immediately_and_their_email_can_be_used_again()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        await (await member.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();

        await (await owner.Client.DeleteAsync($"/api/team/members/{member.UserId}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        await (await member.Client.GetAsync("/api/me", Http.Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        using var client = fixture.System.CreateClient();
        await (await client.PostJsonAsync("/api/auth/login", new { email = member.Email, password = member.Password })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        var members = (await (await owner.Client.GetAsync("/api/team/members", Http.Ct)).AssertOkAsync()).GetProperty("members");
        Assert.DoesNotContain(members.EnumerateArray(), m => m.GetProperty("userId").GetString() == member.UserId);
        await (await owner.Client.PostJsonAsync("/api/team/members", new { email = member.Email, password = "a brand new password" })).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Team_changes_are_checked()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var other = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        using var admin = await owner.AddMemberAsync(fixture.System, "admin");

        await (await owner.Client.PostJsonAsync("/api/team/members", new { email = member.Email, password = "another long password" })).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await owner.Client.PostJsonAsync("/api/team/members", new { email = "x-" + member.Email, password = "short" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJsonAsync("/api/team/members", new { email = "y-" + member.Email, password = "long enough password", role = "owner" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await member.Client.PostJsonAsync("/api/team/members", new { email = "z-" + member.Email, password = "long enough password" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.DeleteAsync($"/api/team/members/{owner.UserId}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await owner.Client.DeleteAsync($"/api/team/members/{other.UserId}", Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"/api/team/members/{Guid.NewGuid()}", Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync();
    }

    [Fact]
    public async Task An_auditor_cannot_touch_projects_or_the_team()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var auditor = await owner.AddMemberAsync(fixture.System, "auditor");
        var web = await CreateProjectAsync(owner, "web");

        Assert.Equal("auditor", (await (await auditor.Client.GetAsync("/api/me", Http.Ct)).AssertOkAsync()).GetProperty("role").GetString());
        await (await auditor.Client.GetAsync("/api/projects", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await auditor.Client.GetAsync($"/api/projects/{web}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await auditor.Client.GetAsync("/api/team/members", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.PutJsonAsync($"/api/projects/{web}/members/{auditor.UserId}", new { permissions = new[] { "ReadSecrets" } })).AssertErrorAsync(HttpStatusCode.Conflict);
    }

    internal static async Task<string> CreateProjectAsync(UserSession owner, string name) =>
        (await (await owner.Client.PostJsonAsync("/api/projects", new { name })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
