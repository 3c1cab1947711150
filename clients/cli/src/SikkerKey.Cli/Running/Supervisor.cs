namespace SikkerKey.Cli.Running;

/// <summary>Keeps the running command and hands it the signals the CLI receives; INT, TERM and QUIT also end watching.</summary>
internal sealed class Supervisor : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<int> _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SignalForwarder _signals;
    private readonly IReadOnlyList<string> _command;
    private ChildProcess? _child;

    public Supervisor(IReadOnlyList<string> command)
    {
        _command = command;
        _signals = new SignalForwarder(OnSignal);
    }

    /// <summary>Completes with the signal number when the user asked the command to stop.</summary>
    public Task<int> Stopping => _stopping.Task;

    public ChildProcess Start(IReadOnlyDictionary<string, string> variables)
    {
        lock (_lock)
        {
            _child?.Dispose();
            return _child = ChildProcess.Start(_command, variables);
        }
    }

    private void OnSignal(int signal)
    {
        lock (_lock)
            _child?.Signal(signal);
        if (signal != Posix.SIGHUP)
            _stopping.TrySetResult(signal);
    }

    public void Dispose()
    {
        _signals.Dispose();
        _child?.Dispose();
    }
}
