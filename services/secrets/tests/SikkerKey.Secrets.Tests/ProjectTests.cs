using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

public sealed class ProjectTests(SystemFixture fixture)
{
    [Fact]
    public async Task Projects_are_created_listed_renamed_and_deleted()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);

        var created = await (await owner.Client.PostJsonAsync("/api/projects", new { name = "  Web App " })).AssertOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^proj_[a-z0-9]{10}$", id);
        Assert.Equal("Web App", created.GetProperty("name").GetString());

        await (await owner.Client.PatchAsync($"/api/projects/{id}", JsonBody(new { name = "Website" }), Http.Ct)).AssertOkAsync();
        var listed = (await (await owner.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects");
        Assert.Equal(["Website"], listed.EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        await (await owner.Client.DeleteAsync($"/api/projects/{id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await owner.Client.GetAsync($"/api/projects/{id}", Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        // The name is free again once the project is gone.
        await (await owner.Client.PostJsonAsync("/api/projects", new { name = "website" })).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Names_are_unique_in_a_vault_ignoring_case_but_not_across_vaults()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var other = await UserSession.SignUpAsync(fixture.System);
        await (await owner.Client.PostJsonAsync("/api/projects", new { name = "Billing" })).AssertOkAsync(HttpStatusCode.Created);
        var second = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "Reports" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await (await owner.Client.PostJsonAsync("/api/projects", new { name = "BILLING" })).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await owner.Client.PatchAsync($"/api/projects/{second}", JsonBody(new { name = "billing" }), Http.Ct)).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await other.Client.PostJsonAsync("/api/projects", new { name = "Billing" })).AssertOkAsync(HttpStatusCode.Created);

        var names = (await (await owner.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Billing", "Reports"], names);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"name\":\"   \"}")]
    [InlineData("{\"name\":\"tab\\tinside\"}")]
    [InlineData("{\"name\":12}")]
    [InlineData("{\"name\":")]
    public async Task Bad_names_are_400_and_create_nothing(string body)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);

        await (await owner.Client.PostRawAsync("/api/projects", body)).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJsonAsync("/api/projects", new { name = new string('p', 65) })).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.Empty((await (await owner.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects").EnumerateArray());
    }

    [Fact]
    public async Task Only_owners_and_admins_change_projects()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var id = (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "web" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await owner.Client.PutJsonAsync($"/api/projects/{id}/members/{member.UserId}", new { permissions = new[] { "ManageSecrets" } });

        await (await member.Client.PostJsonAsync("/api/projects", new { name = "mine" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PatchAsync($"/api/projects/{id}", JsonBody(new { name = "renamed" }), Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"/api/projects/{id}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("web", (await (await member.Client.GetAsync($"/api/projects/{id}", Http.Ct)).AssertOkAsync()).GetProperty("name").GetString());
    }

    private static StringContent JsonBody(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
