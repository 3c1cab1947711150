using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SikkerKey.Testing;

namespace SikkerKey.Dashboard.Tests;

/// <summary>One person at the dashboard: a browser context of their own, with what the page logged kept for asserting.</summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    // Loading the app on a loaded 2-core machine running other suites: generous, never a measure.
    private const float Timeout = 120_000;

    private readonly IBrowserContext context;
    private readonly List<string> problems = [];
    private readonly string name;

    private BrowserSession(IBrowserContext context, IPage page, string name)
    {
        this.context = context;
        Page = page;
        this.name = name;
        page.Console += (_, message) =>
        {
            // An API refusal the page shows (401, 409, 410) is logged by the browser too; that is not the page failing.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                problems.Add(message.Text);
        };
        page.Response += (_, response) =>
        {
            if (response.Status == 404 || response.Status >= 500)
                problems.Add($"{response.Status} {response.Url}");
        };
        page.PageError += (_, error) => problems.Add(error);
        // Blazor reports an unhandled exception on the console; keep it in the test's output too.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                TestContext.Current.TestOutputHelper?.WriteLine($"[{name}] console: {message.Text}");
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions, CSP violations included.</summary>
    public IReadOnlyList<string> Problems => problems;

    public static async Task<BrowserSession> OpenAsync(DashboardFixture fixture, string name)
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.System.Gateway.Url.ToString(), AcceptDownloads = true });
        context.SetDefaultTimeout(Timeout);
        return new BrowserSession(context, await context.NewPageAsync(), name);
    }

    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    public Task SignInAsync(UserSession user) => SignInAsync(user.Email, user.Password);

    public async Task GoAsync(string link)
    {
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Heading, new() { Name = link, Exact = true, Level = 1 }).WaitForAsync();
    }

    /// <summary>The seed's path: Integrations → expand Docker → Create Container.</summary>
    public async Task OpenCreateContainerAsync()
    {
        await GoAsync("Integrations");
        await Page.GetByText("Docker", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create Container" }).ClickAsync();
    }

    /// <summary>Kept under .test-data/screenshots as an artifact; nothing asserts on it.</summary>
    public async Task ShotAsync(string step)
    {
        Directory.CreateDirectory(DashboardFixture.Screenshots);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, $"{Safe().Replace(name, "-")}-{step}.png"), FullPage = true });
    }

    /// <summary>The grid row holding <paramref name="text"/>.</summary>
    public ILocator Row(string grid, string text) =>
        Page.Locator($"table[aria-label='{grid}'] tbody tr").Filter(new() { HasText = text });

    public Task<string> AlertAsync() => Page.GetByRole(AriaRole.Alert).First.InnerTextAsync();

    public void AssertNoProblems() =>
        Assert.True(problems.Count == 0, "the page logged errors:\n" + string.Join("\n", problems));

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Safe();
}
