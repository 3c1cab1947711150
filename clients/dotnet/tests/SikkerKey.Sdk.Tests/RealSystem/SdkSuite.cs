using SikkerKey.Testing;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// The three SDKs ready to run. The Node SDK is compiled from its sources into a folder of this fixture's own, so
/// the tests never run a stale dist/ and never race clients/test, which builds dist/ itself.
/// </summary>
public sealed class SdkSuite : IAsyncLifetime
{
    private readonly string _nodeBuild = Directory.CreateTempSubdirectory("sikkerkey-node-sdk-").FullName;

    /// <summary>The Node SDK compiled from src/: its index.js, for scripts that take SIKKERKEY_SDK_MODULE.</summary>
    internal string NodeModule => Path.Combine(_nodeBuild, "index.js");

    internal IReadOnlyDictionary<string, Sdk> All { get; private set; } = new Dictionary<string, Sdk>();

    public static TheoryData<string> Names => ["dotnet", "node", "python"];

    // build/test runs these tests before clients/test: on a fresh clone npm ci and python3-cryptography happen here.
    // Once per test process: several classes use this fixture in parallel, and a second `npm ci` deletes
    // node_modules while the first class's tsc is reading it.
    private static readonly Lazy<Task> Prepared = new(() => Scripts.RunAsync("clients/prepare", new Dictionary<string, string>()));

    public async ValueTask InitializeAsync()
    {
        await Prepared.Value;
        var node = RepositoryRoot.Combine("clients", "node");
        var tsc = await ChildProcess.RunAsync("node", [Path.Combine(node, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--outDir", _nodeBuild],
            new Dictionary<string, string>(), node, TestContext.Current.CancellationToken);
        if (tsc.ExitCode != 0)
            throw new InvalidOperationException($"tsc could not build the Node SDK:\n{tsc.Stdout}{tsc.Stderr}");

        All = new Dictionary<string, Sdk>
        {
            ["dotnet"] = new DotnetSdk(),
            ["node"] = new ScriptSdk("node", "node", RepositoryRoot.Combine("clients", "node", "test", "integration", "scenario.js"),
                new Dictionary<string, string> { ["SIKKERKEY_SDK_MODULE"] = NodeModule }),
            // The same interpreter clients/prepare checked; no bytecode written into the checkout.
            ["python"] = new ScriptSdk("python", System.Environment.GetEnvironmentVariable("PYTHON") ?? "/usr/bin/python3",
                RepositoryRoot.Combine("clients", "python", "tests", "integration", "scenario.py"),
                new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" }),
        };
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_nodeBuild, recursive: true);
        return ValueTask.CompletedTask;
    }
}
