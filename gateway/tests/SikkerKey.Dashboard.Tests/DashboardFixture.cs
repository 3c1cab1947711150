using Microsoft.Playwright;
using SikkerKey.Testing;

[assembly: AssemblyFixture(typeof(SikkerKey.Dashboard.Tests.DashboardFixture))]

namespace SikkerKey.Dashboard.Tests;

/// <summary>
/// The whole system plus Debian's chromium driven by Playwright, shared by every test in this assembly
/// (each test signs up a vault of its own and opens a browser context of its own).
/// </summary>
public sealed class DashboardFixture : SystemFixture
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(
        global::System.Environment.GetEnvironmentVariable("SIKKERKEY_TEST_DATA") ?? RepositoryRoot.Combine(".test-data"), "screenshots");

    protected override async Task BeforeStartAsync()
    {
        var chromium = Chromium.ExecutablePath();
        playwright = await Playwright.CreateAsync();
        // Assertions wait as long as actions do: a loaded 2-core machine answers slowly, never wrongly.
        Assertions.SetDefaultExpectTimeout(120_000);
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
    }
}
