using System.Diagnostics;

namespace SikkerKey.Testing;

/// <summary>Runs the project's own <c>build/</c> scripts, so tests start servers exactly as operators do.</summary>
public static class Scripts
{
    public static async Task<string> RunAsync(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(RepositoryRoot.Combine(script), RepositoryRoot.Path, environment, arguments, Patience.Scaled(TimeSpan.FromMinutes(3)));
        if (exitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        return stdout;
    }

    /// <summary>Runs a program to its end with the given environment added; its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string program, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
