using System.Net.Http.Json;
using Microsoft.Playwright;
using SikkerKey.Testing;

namespace SikkerKey.Dashboard.Tests;

/// <summary>The rest of the management pages with the mouse: a machine's whole lifecycle, a secret's versions, trash and grants, the team.</summary>
public sealed class ManagementTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_machine_is_renamed_disabled_enabled_revoked_and_deleted_from_the_Machines_page()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var (projectId, secrets) = await ProjectAsync(owner, "Ops");
        (await owner.Client.PostAsJsonAsync("/api/integrations/docker/containers",
            new { machineName = "ops-1", projectId, secretIds = secrets.Values }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await using var browser = await BrowserSession.OpenAsync(fixture, "machine-lifecycle");
        var page = browser.Page;
        await browser.SignInAsync(owner);
        await browser.GoAsync("Machines");

        await browser.Row("Machines", "ops-1").GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await page.GetByLabel("New name").FillAsync("ops-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var row = browser.Row("Machines", "ops-2");
        await Assertions.Expect(row).ToContainTextAsync("approved");
        await ConfirmAsync(row, "Disable", "Disable machine ops-2?");
        await Assertions.Expect(row).ToContainTextAsync("disabled");
        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("approved");
        await ConfirmAsync(row, "Revoke", "Revoke machine ops-2? This cannot be undone.");
        await Assertions.Expect(row).ToContainTextAsync("revoked");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToHaveCountAsync(0);
        await ConfirmAsync(row, "Delete", "Delete machine ops-2 and all its grants?");
        await Assertions.Expect(browser.Row("Machines", "ops-2")).ToHaveCountAsync(0);
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_secret_gets_a_new_version_is_rolled_back_trashed_restored_and_granted()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var (projectId, secrets) = await ProjectAsync(owner, "Web");
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [projectId], "web-reader");
        await using var browser = await BrowserSession.OpenAsync(fixture, "secret-lifecycle");
        var page = browser.Page;
        await browser.SignInAsync(owner);
        await page.GotoAsync($"/projects/{projectId}");
        var row = browser.Row("Secrets", "API_KEY");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await page.Locator("section[aria-label='Edit of API_KEY']").GetByLabel("Value").FillAsync("second");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("2");
        await row.GetByRole(AriaRole.Button, new() { Name = "Versions" }).ClickAsync();
        var first = page.Locator("table[aria-label='Versions'] tbody tr").Last;
        await first.GetByRole(AriaRole.Button, new() { Name = "Rollback" }).ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Confirm rollback" }).ClickAsync();
        // A rollback appends version 1's value as version 3.
        await Assertions.Expect(page.Locator("table[aria-label='Versions'] tbody tr")).ToHaveCountAsync(3);
        await row.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("revealed-value")).ToHaveTextAsync("first");
        await browser.ShotAsync("versions");

        await row.GetByRole(AriaRole.Button, new() { Name = "Grants" }).ClickAsync();
        await page.Locator("section[aria-label='Grants of API_KEY']").GetByLabel("Machine").SelectOptionAsync(new SelectOptionValue { Label = "web-reader" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add grant" }).ClickAsync();
        await Assertions.Expect(page.Locator("table[aria-label='Grants']")).ToContainTextAsync("web-reader");
        using (var client = fixture.System.CreateClient())
        using (var read = TestMachine.SignedRequest(machine.Signer, HttpMethod.Get, $"/v1/secret/{secrets["API_KEY"]}"))
        {
            var body = await UserSession.ReadSuccessAsync(await client.SendAsync(read, TestContext.Current.CancellationToken));
            Assert.Equal("first", body.GetProperty("value").GetString());
        }

        await ConfirmAsync(row, "Delete", "Move secret API_KEY to the trash?");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Trash" }).ClickAsync();
        await browser.Row("Trash", "API_KEY").GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(browser.Row("Trash", "API_KEY")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Back to secrets" }).ClickAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task The_owner_adds_a_member_and_grants_per_project_permissions_on_the_Team_page()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await ProjectAsync(owner, "Team project");
        var email = $"new-{Guid.NewGuid():N}@example.test";
        await using var browser = await BrowserSession.OpenAsync(fixture, "team");
        var page = browser.Page;
        await browser.SignInAsync(owner);
        await browser.GoAsync("Team");

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Initial password").FillAsync(UserSession.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        var row = browser.Row("Members", email);
        await Assertions.Expect(row).ToContainTextAsync("member");
        await row.GetByRole(AriaRole.Button, new() { Name = "Permissions" }).ClickAsync();
        await page.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Team project" });
        await page.GetByLabel("Read Secrets").CheckAsync();
        await page.GetByLabel("Manage Provisioned Machines").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save permissions" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Team project: Read Secrets, Manage Provisioned Machines");
        await browser.ShotAsync("team");

        await ConfirmAsync(row, "Remove", $"Remove {email} from the vault? Their machines lose their projects and grants.");
        await Assertions.Expect(browser.Row("Members", email)).ToHaveCountAsync(0);
        browser.AssertNoProblems();
    }

    private static async Task ConfirmAsync(ILocator row, string action, string question)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync(question);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Confirm {action.ToLowerInvariant()}" }).ClickAsync();
    }

    private static async Task<(string ProjectId, Dictionary<string, string> Secrets)> ProjectAsync(UserSession owner, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var project = await UserSession.ReadSuccessAsync(await owner.Client.PostAsJsonAsync("/api/projects", new { name }, ct));
        var id = project.GetProperty("id").GetString()!;
        await UserSession.ReadSuccessAsync(await owner.Client.PostAsJsonAsync($"/api/projects/{id}/secrets", new { name = "API_KEY", value = "first" }, ct));
        return await SeedFlowTests.IdsAsync(owner, name);
    }
}
