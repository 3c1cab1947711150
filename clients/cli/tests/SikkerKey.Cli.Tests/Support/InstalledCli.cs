namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// The npm package as a container gets it: build/pack-cli's tarball installed with <c>npm install -g</c> into a fresh
/// prefix, as the seed's Dockerfile does. build/test packs the tarball once and names it in SIKKERKEY_CLI_TARBALL.
/// </summary>
public sealed class InstalledCli : IAsyncLifetime
{
    public const string TarballVariable = "SIKKERKEY_CLI_TARBALL";

    private readonly string _prefix = Directory.CreateTempSubdirectory("sikkerkey-npm-prefix-").FullName;

    /// <summary>The command npm put on the PATH of its prefix.</summary>
    public string Executable => Path.Combine(_prefix, "bin", "sikkerkey");

    /// <summary>Where npm unpacked the package.</summary>
    public string PackageFolder => Path.Combine(_prefix, "lib", "node_modules", "@sikkerkey", "cli");

    /// <summary>Runs the installed command with the container's identity and home, to its exit.</summary>
    internal Task<CliResult> RunAsync(ProvisionedContainer container, params string[] args) =>
        OwnProcess.RunAsync(container.Environment, Executable, args);

    /// <summary>Starts the installed command with the container's identity and home.</summary>
    internal System.Diagnostics.Process Start(ProvisionedContainer container, params string[] args) =>
        OwnProcess.Start(container.Environment, Executable, args);

    public async ValueTask InitializeAsync()
    {
        var tarball = Environment.GetEnvironmentVariable(TarballVariable);
        if (string.IsNullOrEmpty(tarball) || !File.Exists(tarball))
            throw new InvalidOperationException(
                $"{TarballVariable} ({(string.IsNullOrEmpty(tarball) ? "not set" : tarball)}) names no npm tarball of the CLI. build/test packs it " +
                $"with build/pack-cli and sets {TarballVariable}; to run these tests without build/test: " +
                $"export {TarballVariable}=$(build/pack-cli | tail -n 1)");
        // --offline: the package has no dependencies, so nothing may come from a registry; what is tested is the tarball.
        var install = await OwnProcess.RunAsync(new Dictionary<string, string?>(), "npm",
            "install", "-g", "--prefix", _prefix, Path.GetFullPath(tarball), "--offline", "--no-audit", "--no-fund");
        if (install.ExitCode != 0 || !File.Exists(Executable))
            throw new InvalidOperationException($"npm install -g {tarball} failed:\n{install}");
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_prefix, recursive: true);
        return ValueTask.CompletedTask;
    }
}
