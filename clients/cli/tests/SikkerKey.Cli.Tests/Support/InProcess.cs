namespace SikkerKey.Cli.Tests.Support;

/// <summary>Runs the CLI in-process with its own environment, capturing stdout and stderr.</summary>
internal static class InProcess
{
    /// <summary>With no SikkerKey variables and an empty home: for what must fail before any identity is needed.</summary>
    public static Task<CliResult> RunAsync(params string[] args) =>
        RunAsync(args, new Dictionary<string, string?>(), Path.Combine(Path.GetTempPath(), "sikkerkey-no-home"), TimeProvider.System,
            TestContext.Current.CancellationToken);

    public static async Task<CliResult> RunAsync(
        string[] args, IReadOnlyDictionary<string, string?> environment, string home, TimeProvider time, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(
            TextWriter.Synchronized(output), TextWriter.Synchronized(error), environment.GetValueOrDefault, home, time, OutIsTerminal: false);
        var code = await CliApp.RunAsync(args, context, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
