using System.Text.Json;
using SikkerKey.Sdk.Tests.RealSystem;
using SikkerKey.Sdk.Tests.Support;
using SikkerKey.Testing;

namespace SikkerKey.Sdk.Tests.Caching;

/// <summary>
/// One .skc format in every SDK: an entry written by the C#, Node or Python SDK opens in the other two (the CLI reads
/// and writes with the C# SDK's code; the official CLI's own files are the golden vector), and a moved file or another
/// machine's key is a miss in each.
/// </summary>
public sealed class CrossClientCacheTests(SdkSuite suite) : IClassFixture<SdkSuite>, IDisposable
{
    private static readonly CacheVector V = CacheVector.Golden;
    private const string Value = "postgres://app:pa ss/\"w\"@db/app?x=<ü>&y=\n";
    private const string Structured = """{"host":"db.internal","password":"hunter2 ü"}""";
    private readonly string _folder = Directory.CreateTempSubdirectory("sikkerkey-cross-cache-").FullName;

    public static TheoryData<string, string> Pairs => new()
    {
        { "dotnet", "node" }, { "dotnet", "python" }, { "node", "dotnet" }, { "node", "python" }, { "python", "dotnet" }, { "python", "node" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task An_entry_one_SDK_writes_opens_in_another(string writer, string reader)
    {
        await WriteAsync(writer, "sk_plain00001", null, Value, null);
        await WriteAsync(writer, "sk_struct0001", "db creds", Structured, """["host","password"]""");

        Assert.Equal((null, Value, null), await ReadAsync(reader, "sk_plain00001"));
        Assert.Equal(("db creds", Structured, """["host","password"]"""), await ReadAsync(reader, "sk_struct0001"));
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task The_official_CLIs_files_open_and_moved_or_foreign_ones_do_not(string sdk)
    {
        V.WriteFiles(_folder);
        File.Copy(Path.Combine(_folder, "sk_dburl00001.skc"), Path.Combine(_folder, "sk_moved00001.skc"));

        foreach (var entry in V.Entries)
            Assert.Equal((entry.Name, entry.Value, entry.FieldNames), await ReadAsync(sdk, entry.SecretId));
        Assert.Null(await ReadAsync(sdk, "sk_moved00001"));
        Assert.Null(await ReadAsync(sdk, "sk_dburl00001", machineId: Guid.NewGuid().ToString()));
        using var other = SikkerKey.Signing.Keys.Ed25519Keys.Generate();
        Assert.Null(await ReadAsync(sdk, "sk_dburl00001", key: System.Text.Encoding.ASCII.GetString(other.PrivateKeyPem)));
    }

    private async Task WriteAsync(string sdk, string secretId, string? name, string value, string? fieldNames)
    {
        if (sdk == "dotnet")
        {
            using var cache = new SecretCache(_folder, V.VaultId, V.MachineId, V.Seed, TimeProvider.System, _ => { });
            cache.Store(secretId, name, value, fieldNames);
            return;
        }
        await RunAsync(sdk, new { op = "write", folder = _folder, vaultId = V.VaultId, machineId = V.MachineId, privateKeyPem = V.PrivateKeyPem, secretId, name, value, fieldNames });
    }

    private async Task<(string? Name, string Value, string? FieldNames)?> ReadAsync(string sdk, string secretId, string? machineId = null, string? key = null)
    {
        if (sdk == "dotnet")
        {
            using var cache = new SecretCache(_folder, V.VaultId, machineId ?? V.MachineId, V.Seed, TimeProvider.System, _ => { });
            return cache.Load(secretId) is { } hit ? (hit.Name, hit.Value, hit.FieldNames) : null;
        }
        var printed = await RunAsync(sdk, new
        {
            op = "read", folder = _folder, vaultId = V.VaultId, machineId = machineId ?? V.MachineId, privateKeyPem = key ?? V.PrivateKeyPem, secretId,
        });
        using var json = JsonDocument.Parse(printed);
        var root = json.RootElement;
        return root.ValueKind == JsonValueKind.Null ? null
            : (root.GetProperty("name").GetString(), root.GetProperty("value").GetString()!, root.GetProperty("fieldNames").GetString());
    }

    private async Task<string> RunAsync(string sdk, object arguments)
    {
        var (program, script, environment) = sdk == "node"
            ? ("node", RepositoryRoot.Combine("clients", "node", "test", "integration", "cache-tool.js"), new Dictionary<string, string> { ["SIKKERKEY_SDK_MODULE"] = suite.NodeModule })
            : (System.Environment.GetEnvironmentVariable("PYTHON") ?? "/usr/bin/python3", RepositoryRoot.Combine("clients", "python", "tests", "integration", "cache_tool.py"),
                new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
        var run = await ChildProcess.RunAsync(program, [script, JsonSerializer.Serialize(arguments)], environment, _folder, TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, $"{sdk} cache tool exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        return run.Stdout;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
