using System.Net.Http.Json;
using Microsoft.Playwright;
using SikkerKey.Testing;

namespace SikkerKey.Dashboard.Tests;

/// <summary>
/// The API hands out a project's secrets a page (100) at a time: the Secrets grid shows the first page and Load more,
/// while Create Container's Select all and a machine's grants still see every secret.
/// </summary>
public sealed class PagingTests(DashboardFixture fixture)
{
    private const int Secrets = 130;

    [Fact]
    public async Task A_project_larger_than_a_page_loads_more_on_demand_and_Select_all_takes_every_secret()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = (await UserSession.ReadSuccessAsync(await owner.Client.PostAsJsonAsync("/api/projects", new { name = "Large" }, ct)))
            .GetProperty("id").GetString()!;
        using (var parallel = new SemaphoreSlim(8))
            await Task.WhenAll(Enumerable.Range(0, Secrets).Select(async i =>
            {
                await parallel.WaitAsync(ct);
                try
                {
                    await UserSession.ReadSuccessAsync(await owner.Client.PostAsJsonAsync($"/api/projects/{project}/secrets",
                        new { name = $"SECRET_{i:D3}", value = $"value {i}" }, ct));
                }
                finally
                {
                    parallel.Release();
                }
            }));
        await using var browser = await BrowserSession.OpenAsync(fixture, "paging");
        var page = browser.Page;
        await browser.SignInAsync(owner);

        await page.GotoAsync($"/projects/{project}");
        var rows = page.Locator("table[aria-label='Secrets'] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(100);
        await Assertions.Expect(browser.Row("Secrets", "SECRET_099")).ToHaveCountAsync(1);
        await Assertions.Expect(browser.Row("Secrets", "SECRET_100")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(Secrets);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more" })).ToHaveCountAsync(0);
        // A change reloads as far as the user had read: the last secret stays in view.
        var last = browser.Row("Secrets", $"SECRET_{Secrets - 1:D3}");
        await last.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await last.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(Secrets - 1);

        await browser.OpenCreateContainerAsync();
        await page.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Large" });
        var checks = page.Locator("fieldset.checks label.inline input[type=checkbox]");
        // Select all, then one checkbox per secret that is not in the trash.
        await Assertions.Expect(checks).ToHaveCountAsync(Secrets);
        await page.GetByLabel("Select all").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download .sikkerkey" })).ToBeVisibleAsync();

        var machines = await owner.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/machines", ct);
        var machineId = machines.GetProperty("machines")[0].GetProperty("id").GetString();
        var granted = 0;
        string? cursor = null;
        do
        {
            var list = await owner.Client.GetFromJsonAsync<System.Text.Json.JsonElement>(
                $"/api/projects/{project}/secrets?limit=500" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), ct);
            foreach (var secret in list.GetProperty("secrets").EnumerateArray())
            {
                var grants = await owner.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/secrets/{secret.GetProperty("id").GetString()}/grants", ct);
                granted += grants.GetProperty("machineIds").EnumerateArray().Count(m => m.GetString() == machineId);
            }
            cursor = list.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(Secrets - 1, granted);
        browser.AssertNoProblems();
    }
}
