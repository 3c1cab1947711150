using System.Text.Json;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// The Node or Python SDK, run by its scenario driver (clients/node/test/integration/scenario.js,
/// clients/python/tests/integration/scenario.py) as a child process with SIKKERKEY_IDENTITY set, as in a container.
/// </summary>
internal sealed class ScriptSdk(string name, string program, string script, IReadOnlyDictionary<string, string> environment) : Sdk(name)
{
    public override string AccessDenied => "AccessDeniedError";

    public override string Authentication => "AuthenticationError";

    public override async Task<SdkRun> RunAsync(string identityFile, Plan plan, string sandbox, CancellationToken ct,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(environment.Concat(extra ?? new Dictionary<string, string>()))
        {
            ["SIKKERKEY_IDENTITY"] = identityFile,
            // The run's own home, temp folder and working directory: all a process would naturally write to.
            ["HOME"] = Directory.CreateDirectory(Path.Combine(sandbox, "home")).FullName,
            ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(sandbox, "tmp")).FullName,
        };
        var run = await ChildProcess.RunAsync(program, [script, plan.ToJson()], env, Directory.CreateDirectory(Path.Combine(sandbox, "work")).FullName, ct);
        Assert.True(run.ExitCode == 0, $"{Name} scenario exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var results = JsonSerializer.Deserialize<JsonElement>(lines[^1]).GetProperty("results").Deserialize<List<Outcome>>(Plan.Json)!;
        return new SdkRun(results, run.Stdout + run.Stderr);
    }
}
