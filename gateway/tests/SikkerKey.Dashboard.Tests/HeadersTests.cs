using System.Net;
using System.Text.RegularExpressions;

namespace SikkerKey.Dashboard.Tests;

/// <summary>What the gateway serves at <c>/</c>: the app, its security headers, and its caching and compression.</summary>
public sealed partial class HeadersTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Index_html_is_not_cached_and_carries_a_strict_content_security_policy()
    {
        using var client = fixture.System.CreateClient();
        foreach (var path in new[] { "/", "/machines", "/projects/proj_abcdefghij" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self' 'wasm-unsafe-eval';", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.CacheControl?.NoCache, $"{path}: {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Fingerprinted_assets_are_immutable_and_served_compressed()
    {
        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = fixture.System.Gateway.Url, Timeout = TimeSpan.FromSeconds(100) };
        // The entry scripts keep their names (revalidated); dotnet.js names every other file by its content hash.
        using var entry = await client.GetAsync("/_framework/dotnet.js", TestContext.Current.CancellationToken);
        Assert.True(entry.Headers.CacheControl?.NoCache, entry.Headers.CacheControl?.ToString());
        var asset = CoreLibrary().Match(await entry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Value;
        Assert.NotEmpty(asset);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/_framework/" + asset);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Content.Headers.ContentEncoding.Single(), new[] { "gzip", "br" });
        Assert.True(response.Headers.CacheControl?.Public == true && response.Headers.CacheControl.MaxAge >= TimeSpan.FromDays(365)
            && response.Headers.CacheControl.Extensions.Any(e => e.Name == "immutable"), response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_API_keeps_its_own_JSON_404_and_is_not_given_the_app()
    {
        using var client = fixture.System.CreateClient();
        using var response = await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [GeneratedRegex(@"System\.Private\.CoreLib\.[a-z0-9]{10}\.wasm")]
    private static partial Regex CoreLibrary();
}
