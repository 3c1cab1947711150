namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// The official SikkerKey CLI's published binary (npm <c>@sikkerkey/cli-linux-x64@4.2.0</c>, MIT), used only as a test
/// oracle for the .skc cache format: files it writes must open in ours and the other way round.
/// <c>SIKKERKEY_OFFICIAL_CLI</c> may name a binary already at hand; else it is fetched with <c>npm pack</c>.
/// </summary>
internal static class OfficialCli
{
    public const string Package = "@sikkerkey/cli-linux-x64@4.2.0";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _path;

    public static async Task<string> PathAsync()
    {
        if (Environment.GetEnvironmentVariable("SIKKERKEY_OFFICIAL_CLI") is { Length: > 0 } given)
            return given;
        await Once.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_path is not null)
                return _path;
            var folder = Directory.CreateTempSubdirectory("sikkerkey-official-cli-").FullName;
            var pack = await OwnProcess.RunAsync(new Dictionary<string, string?>(), "sh", "-c",
                $"cd '{folder}' && npm pack {Package} --silent --no-fund --no-audit && tar xzf sikkerkey-cli-linux-x64-4.2.0.tgz");
            var binary = Path.Combine(folder, "package", "sikkerkey");
            if (pack.ExitCode != 0 || !File.Exists(binary))
                throw new InvalidOperationException($"npm pack {Package} failed (the official CLI is the cache format's oracle):\n{pack}");
            return _path = binary;
        }
        finally
        {
            Once.Release();
        }
    }
}
