namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// One SDK under test, used as an application uses it: no identity argument, so it finds the bundle through
/// <c>SIKKERKEY_IDENTITY</c>, then does the plan's steps in order with one client.
/// </summary>
internal abstract class Sdk(string name)
{
    public string Name => name;

    /// <summary>The class name of the SDK's error for a 403 (not granted).</summary>
    public abstract string AccessDenied { get; }

    /// <summary>The class name of the SDK's error for a 401 (signature rejected, machine disabled).</summary>
    public abstract string Authentication { get; }

    /// <param name="sandbox">An empty folder the run may use as HOME, TMPDIR and working directory.</param>
    /// <param name="environment">More of the container's environment, e.g. the variable naming a CA to trust.</param>
    public abstract Task<SdkRun> RunAsync(string identityFile, Plan plan, string sandbox, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null);

    public override string ToString() => name;
}
