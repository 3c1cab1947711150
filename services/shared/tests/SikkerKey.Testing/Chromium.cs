namespace SikkerKey.Testing;

/// <summary>Debian's chromium as the browser tests and the dashboard bench launch it (Playwright never downloads one here).</summary>
public static class Chromium
{
    /// <summary>What a sandboxed root session needs, and no background traffic to hosts this machine cannot reach.</summary>
    public static readonly IReadOnlyList<string> Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    /// <summary><c>$SIKKERKEY_CHROMIUM</c> or <c>/usr/bin/chromium</c>; build/test installs it with apt.</summary>
    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable("SIKKERKEY_CHROMIUM") ?? "/usr/bin/chromium";
        return File.Exists(path) ? path
            : throw new InvalidOperationException($"{path} is missing: build/test installs Debian's chromium with apt (apt-get install chromium)");
    }
}
