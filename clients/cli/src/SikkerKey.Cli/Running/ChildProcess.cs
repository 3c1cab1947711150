using System.ComponentModel;
using System.Diagnostics;

namespace SikkerKey.Cli.Running;

/// <summary>The command, run with stdin, stdout and stderr inherited and the CLI's environment plus the secrets.</summary>
internal sealed class ChildProcess : IDisposable
{
    private const int NoSuchFile = 2;
    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
        Exited = ExitCodeAsync();
    }

    /// <summary>The exit code; 128 + N when signal N ended it, as shells report it.</summary>
    public Task<int> Exited { get; }

    public static ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in variables)
            start.Environment[name] = value;
        try
        {
            return new ChildProcess(Process.Start(start)!);
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFile)
        {
            throw new CliException($"command not found: {command[0]}", ExitCodes.CommandNotFound);
        }
        catch (Win32Exception e)
        {
            throw new CliException($"cannot run {command[0]}: {e.Message}", ExitCodes.CannotExecute);
        }
    }

    public void Signal(int signal)
    {
        if (!_process.HasExited)
            Posix.Send(_process.Id, signal);
    }

    /// <summary>SIGTERM, then SIGKILL when it is still running after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        Signal(Posix.SIGTERM);
        try
        {
            await Exited.WaitAsync(grace, time);
        }
        catch (TimeoutException)
        {
            _process.Kill();
            await Exited;
        }
    }

    private async Task<int> ExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose() => _process.Dispose();
}
