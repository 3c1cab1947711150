using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SikkerKey.Testing;

/// <summary>One SikkerKey process (a service replica or the gateway) started from its built DLL, with its output kept.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private ServiceProcess(string name, Uri url, Process process, string assemblyPath, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        Url = url;
        this.process = process;
        AssemblyPath = assemblyPath;
        Environment = environment;
    }

    public string Name { get; }

    public Uri Url { get; }

    public bool HasExited => process.HasExited;

    public int Id => process.Id;

    public string AssemblyPath { get; }

    /// <summary>The configuration the process was started with (besides its URL).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output => lines.ToArray();

    public static ServiceProcess Start(string name, string assemblyPath, Uri url, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assemblyPath);
        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, url, process, assemblyPath, environment);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Asks the process to stop as an operator would (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
            return;
        _ = Kill(process.Id, Sigterm);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Runs the service's DLL as a one-off command (e.g. an operator command) with the given configuration, to its
    /// end; returns the exit code and everything it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string assemblyPath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var production = new Dictionary<string, string>(environment) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        var (exitCode, stdout, stderr) = await Scripts.RunToExitAsync("dotnet", Path.GetDirectoryName(assemblyPath)!, production,
            [assemblyPath, .. arguments], TimeSpan.FromMinutes(2));
        return (exitCode, stdout + stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
            lines.Enqueue(line);
    }

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
