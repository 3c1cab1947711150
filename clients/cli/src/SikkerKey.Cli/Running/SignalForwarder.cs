using System.Runtime.InteropServices;

namespace SikkerKey.Cli.Running;

/// <summary>
/// While alive, SIGINT, SIGTERM, SIGHUP and SIGQUIT do not end the CLI but go to <c>onSignal</c>, which hands them to
/// the command: <c>docker stop</c> signals only PID 1, which is the CLI in the seed's Dockerfile.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly PosixSignal[] Forwarded = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT];
    private readonly PosixSignalRegistration[] _registrations;

    public SignalForwarder(Action<int> onSignal) =>
        _registrations = [.. Forwarded.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            onSignal(Posix.Number(context.Signal));
        }))];

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
