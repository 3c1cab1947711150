using System.Runtime.InteropServices;

namespace SikkerKey.Cli.Running;

/// <summary>Sending a signal to a process, which System.Diagnostics.Process cannot do (it only kills).</summary>
internal static partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGTERM = 15;

    /// <summary>Signal numbers as Linux and macOS both have them; PosixSignal's values are .NET's own.</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => SIGHUP,
        PosixSignal.SIGINT => SIGINT,
        PosixSignal.SIGQUIT => SIGQUIT,
        PosixSignal.SIGTERM => SIGTERM,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a signal the CLI forwards"),
    };

    /// <returns><c>false</c> when the process is already gone.</returns>
    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
