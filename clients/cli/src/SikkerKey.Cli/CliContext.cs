namespace SikkerKey.Cli;

/// <summary>What the CLI takes from the process it runs in; tests give their own.</summary>
/// <param name="Environment">Where SIKKERKEY_* variables are read; the command run still inherits the real environment.</param>
/// <param name="OutIsTerminal">Whether stdout is a terminal: values printed there end with a newline, piped ones do not.</param>
internal sealed record CliContext(
    TextWriter Out, TextWriter Error, Func<string, string?> Environment, string UserHome, TimeProvider Time, bool OutIsTerminal)
{
    public static CliContext FromProcess() => new(
        Console.Out, Console.Error, System.Environment.GetEnvironmentVariable,
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), TimeProvider.System, !Console.IsOutputRedirected);
}
