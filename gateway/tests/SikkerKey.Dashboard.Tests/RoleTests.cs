using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SikkerKey.Testing;

namespace SikkerKey.Dashboard.Tests;

/// <summary>What each role is offered, and how refusals and an ended session look in the browser.</summary>
public sealed class RoleTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_member_is_offered_only_the_projects_where_they_may_provision()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var allowed = await ProjectWithSecretAsync(owner, "Allowed");
        var other = await ProjectWithSecretAsync(owner, "Other");
        using var member = await owner.AddMemberAsync(fixture.System);
        await GrantAsync(owner, allowed, member, "ReadSecrets", "ManageProvisionedMachines");
        await GrantAsync(owner, other, member, "ReadSecrets");
        await using var browser = await BrowserSession.OpenAsync(fixture, "member-provisions");
        var page = browser.Page;

        await browser.SignInAsync(member);
        await Assertions.Expect(page.GetByTestId("role")).ToHaveTextAsync("member");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Team" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create project" })).ToHaveCountAsync(0);
        await browser.OpenCreateContainerAsync();
        var project = page.GetByLabel("Project", new() { Exact = true });
        await Assertions.Expect(project.Locator("option")).ToHaveTextAsync(["Choose a project", "Allowed"]);
        await project.SelectOptionAsync(new SelectOptionValue { Label = "Allowed" });
        await page.GetByLabel("Select all").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download .sikkerkey" })).ToBeVisibleAsync();
        await browser.ShotAsync("integrations");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_member_without_Manage_Provisioned_Machines_is_offered_no_project_to_provision()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectWithSecretAsync(owner, "ReadOnly");
        using var member = await owner.AddMemberAsync(fixture.System);
        await GrantAsync(owner, project, member, "ReadSecrets");
        await using var browser = await BrowserSession.OpenAsync(fixture, "member-reader");
        var page = browser.Page;

        await browser.SignInAsync(member);
        await browser.GoAsync("Projects");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "ReadOnly" })).ToBeVisibleAsync();
        await browser.OpenCreateContainerAsync();
        await Assertions.Expect(page.GetByText("You hold Manage Provisioned Machines on no project.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Project", new() { Exact = true }).Locator("option")).ToHaveTextAsync(["Choose a project"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Provision" })).ToBeDisabledAsync();
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task An_auditor_sees_Audit_only()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var auditor = await owner.AddMemberAsync(fixture.System, "auditor");
        await using var browser = await BrowserSession.OpenAsync(fixture, "auditor");
        var page = browser.Page;

        await browser.SignInAsync(auditor);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Audit", Level = 1 }).WaitForAsync();
        var links = await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link).AllInnerTextsAsync();
        Assert.Equal(["Audit"], links);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("intact");
        await browser.ShotAsync("audit");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_session_ended_on_the_server_returns_to_Sign_in_with_a_message()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await using var browser = await BrowserSession.OpenAsync(fixture, "session-ended");
        var page = browser.Page;
        await browser.SignInAsync(owner);
        await browser.GoAsync("Projects");

        // The browser's own session ends (as when it expires or is signed out elsewhere); the page is not told.
        var cookies = await page.Context.CookiesAsync();
        using var client = fixture.System.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cookies.Single(c => c.Name == "sikkerkey_session").Value);
        (await client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await page.GetByRole(AriaRole.Link, new() { Name = "Machines" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your session has ended. Sign in again.");
        await browser.ShotAsync("signin");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_duplicate_machine_name_shows_the_servers_message_inline()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectWithSecretAsync(owner, "Dupes");
        var secrets = (await SeedFlowTests.IdsAsync(owner, "Dupes")).Secrets.Values.ToList();
        var body = new { machineName = "web-1", projectId = project, secretIds = secrets };
        (await owner.Client.PostAsJsonAsync("/api/integrations/docker/containers", body, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        using var refused = await owner.Client.PostAsJsonAsync("/api/integrations/docker/containers", body, TestContext.Current.CancellationToken);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error").GetString()!;
        await using var browser = await BrowserSession.OpenAsync(fixture, "duplicate-name");
        var page = browser.Page;

        await browser.SignInAsync(owner);
        await browser.OpenCreateContainerAsync();
        await page.GetByLabel("Machine Name").FillAsync("web-1");
        await page.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Dupes" });
        await page.GetByLabel("Select all").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(message);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download .sikkerkey" })).ToHaveCountAsync(0);
        await browser.ShotAsync("refused");
        browser.AssertNoProblems();
    }

    private static async Task<string> ProjectWithSecretAsync(UserSession owner, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var project = await UserSession.ReadSuccessAsync(await owner.Client.PostAsJsonAsync("/api/projects", new { name }, ct));
        var id = project.GetProperty("id").GetString()!;
        await UserSession.ReadSuccessAsync(await owner.Client.PostAsJsonAsync($"/api/projects/{id}/secrets", new { name = "API_KEY", value = "v" }, ct));
        return id;
    }

    private static async Task GrantAsync(UserSession owner, string projectId, UserSession member, params string[] permissions) =>
        await UserSession.ReadSuccessAsync(await owner.Client.PutAsJsonAsync($"/api/projects/{projectId}/members/{member.UserId}",
            new { permissions }, TestContext.Current.CancellationToken));
}
