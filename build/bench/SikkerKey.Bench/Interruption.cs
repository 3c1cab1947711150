using System.Runtime.InteropServices;

namespace SikkerKey.Bench;

/// <summary>
/// Ctrl-C or SIGTERM ends the measuring early instead of the process, so the services it started are stopped
/// rather than left running without their parent.
/// </summary>
internal static class Interruption
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static bool Requested => Source.IsCancellationRequested;

    public static void Catch()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            Registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine("interrupted: stopping the system…");
                Source.Cancel();
            }));
    }
}
