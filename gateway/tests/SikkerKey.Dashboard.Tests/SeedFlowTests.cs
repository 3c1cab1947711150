using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SikkerKey.Testing;

namespace SikkerKey.Dashboard.Tests;

/// <summary>The seed's flow, with the mouse, in a real browser against the whole system; the C# SDK then uses the downloaded bundle.</summary>
public sealed class SeedFlowTests(DashboardFixture fixture)
{
    private static readonly string[] AuditedActions = ["machine_provisioned", "bundle_downloaded", "secret_read", "secret_read_denied", "machine_disabled"];

    [Fact]
    public async Task An_admin_provisions_a_container_and_its_bundle_reads_only_the_ticked_secret_until_disabled()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await using var browser = await BrowserSession.OpenAsync(fixture, "seed");
        var page = browser.Page;

        await browser.SignInAsync(owner);
        await Assertions.Expect(page.GetByTestId("role")).ToHaveTextAsync("owner");
        await Assertions.Expect(page.GetByTestId("vault")).ToHaveTextAsync(owner.VaultId);

        // Projects → a project and two secrets.
        await browser.GoAsync("Projects");
        await page.GetByLabel("Project name").FillAsync("Payments");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Payments" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Secrets of Payments" }).WaitForAsync();
        await browser.ShotAsync("projects");
        await page.GetByText("New secret").ClickAsync();
        await CreatePlainSecretAsync(browser, "DATABASE_URL", "postgres://db.internal/payments");
        await CreatePlainSecretAsync(browser, "STRIPE_KEY", "sk_live_not_for_this_container");
        await browser.Row("Secrets", "DATABASE_URL").GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("revealed-value")).ToHaveTextAsync("postgres://db.internal/payments");
        await browser.ShotAsync("secrets-revealed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();

        // Integrations → Docker → Create Container → Provision → Download .sikkerkey.
        await browser.OpenCreateContainerAsync();
        await Assertions.Expect(page.GetByLabel("Machine Name")).ToHaveAttributeAsync("placeholder", "Leave blank and a name will be generated");
        await page.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Payments" });
        await page.GetByLabel("DATABASE_URL").CheckAsync();
        await browser.ShotAsync("create-container");
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        var machineName = await page.GetByTestId("machine-name").InnerTextAsync();
        Assert.Matches("^docker-[a-z]+-[a-z]+-[0-9a-f]{4}$", machineName);
        await Assertions.Expect(page.GetByTestId("countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1[45]:[0-5][0-9]$"));
        Assert.Contains($"-v /path/to/{machineName}:/etc/sikkerkey:ro", await page.GetByLabel("docker run").InnerTextAsync());
        Assert.Contains("SIKKERKEY_IDENTITY: /etc/sikkerkey/identity.json", await page.GetByLabel("docker-compose").InnerTextAsync());
        await browser.ShotAsync("provisioned");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download .sikkerkey" }).ClickAsync());
        Assert.Equal(machineName + ".sikkerkey", download.SuggestedFilename);
        var bundle = Path.Combine(Path.GetTempPath(), "sk-dashboard-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(bundle + ".zip");
        ZipFile.ExtractToDirectory(bundle + ".zip", bundle);
        Assert.True(File.Exists(Path.Combine(bundle, "private.pem")) && File.Exists(Path.Combine(bundle, "cli.json")));
        await Assertions.Expect(page.GetByText("It cannot be downloaded again")).ToBeVisibleAsync();

        // A second click shows the server's refusal, not a crash.
        await page.GetByRole(AriaRole.Button, new() { Name = "Download .sikkerkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("download");
        await browser.ShotAsync("second-download");

        // The SDK, given only the bundle, reads the ticked secret and is refused the other.
        var (projectId, secrets) = await IdsAsync(owner, "Payments");
        using (var sdk = Sdk(bundle))
        {
            Assert.Equal("postgres://db.internal/payments", await sdk.GetSecretAsync(secrets["DATABASE_URL"], ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => sdk.GetSecretAsync(secrets["STRIPE_KEY"], ct));
        }

        // Machines shows it; Disable (confirmed by name) stops the SDK.
        await browser.GoAsync("Machines");
        var row = browser.Row("Machines", machineName);
        await Assertions.Expect(row).ToContainTextAsync("approved");
        await Assertions.Expect(row).ToContainTextAsync("docker");
        await Assertions.Expect(row).ToContainTextAsync("Payments");
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync($"Disable machine {machineName}?");
        await row.GetByRole(AriaRole.Button, new() { Name = "Confirm disable" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("disabled");
        await browser.ShotAsync("machines");
        using (var sdk = Sdk(bundle))
            await Assert.ThrowsAnyAsync<SikkerKeyException>(() => sdk.GetSecretAsync(secrets["DATABASE_URL"], ct));

        // The machine's page: its grant and its own audit trail.
        await row.GetByRole(AriaRole.Link, new() { Name = machineName }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = machineName }).WaitForAsync();
        await Assertions.Expect(page.Locator("table[aria-label='Grants']")).ToContainTextAsync("DATABASE_URL");
        await browser.ShotAsync("machine");

        // Audit shows every step; Export CSV downloads a file holding them; Verify reports the chain intact.
        await browser.GoAsync("Audit");
        await page.GetByLabel("Machine id").FillAsync(await MachineIdAsync(owner, machineName));
        var shown = await Eventually.MatchAsync(async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await page.Locator("table[aria-label='Audit entries']").WaitForAsync();
            return await page.Locator("table[aria-label='Audit entries']").InnerTextAsync();
        }, text => AuditedActions.All(text.Contains), TimeSpan.FromSeconds(60), "the audit entries of the flow");
        Assert.DoesNotContain("postgres://db.internal/payments", shown);
        await browser.ShotAsync("audit");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var csvText = await File.ReadAllTextAsync(await csv.PathAsync(), ct);
        Assert.All(AuditedActions, action => Assert.Contains(action, csvText));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("intact");
        Assert.NotEmpty(projectId);

        browser.AssertNoProblems();
        Directory.Delete(bundle, recursive: true);
        File.Delete(bundle + ".zip");
    }

    private static async Task CreatePlainSecretAsync(BrowserSession browser, string name, string value)
    {
        await browser.Page.GetByLabel("Secret name").FillAsync(name);
        await browser.Page.GetByLabel("Value", new() { Exact = true }).FillAsync(value);
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Create secret" }).ClickAsync();
        await Assertions.Expect(browser.Row("Secrets", name)).ToBeVisibleAsync();
    }

    // The bundle's identity.json names /etc/sikkerkey/private.pem; the SDK falls back to private.pem beside it.
    private static SikkerKeyClient Sdk(string bundle) => new(new SikkerKeyOptions { Identity = Path.Combine(bundle, "identity.json") });

    internal static async Task<(string ProjectId, Dictionary<string, string> Secrets)> IdsAsync(UserSession owner, string project)
    {
        var projects = await owner.Client.GetFromJsonAsync<JsonElement>("/api/projects");
        var id = projects.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("name").GetString() == project).GetProperty("id").GetString()!;
        var secrets = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/secrets");
        return (id, secrets.GetProperty("secrets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetString()!));
    }

    private static async Task<string> MachineIdAsync(UserSession owner, string name)
    {
        var machines = await owner.Client.GetFromJsonAsync<JsonElement>("/api/machines");
        return machines.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }
}
