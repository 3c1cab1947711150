using System.CommandLine;

namespace SikkerKey.Cli;

/// <summary>Every error ends as lines on stderr starting <c>sikkerkey:</c> and a non-zero exit; never a stack trace.</summary>
internal static partial class ErrorReport
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\n\s*")]
    private static partial System.Text.RegularExpressions.Regex OneLine();

    public static int Usage(ParseResult parsed, CliContext context)
    {
        // One line, so that a script's log shows the whole reason.
        var reasons = string.Join("; ", parsed.Errors.Select(e => OneLine().Replace(e.Message.Trim(), " ")));
        context.Error.WriteLine($"sikkerkey: {reasons} (see '{HelpCommand(parsed)} --help')");
        return ExitCodes.Usage;
    }

    public static int Report(Exception error, CliContext context)
    {
        var (message, code) = error switch
        {
            CliException e => (e.Message, e.ExitCode),
            SikkerKeyException e => (Describe(e), ExitCodes.Failure),
            OperationCanceledException => ("cancelled", 130),
            _ => ($"unexpected error ({error.GetType().Name}): {error.Message}", ExitCodes.Failure),
        };
        context.Error.WriteLine($"sikkerkey: {message}");
        return code;
    }

    public static string Describe(SikkerKeyException error) => error switch
    {
        AuthenticationException => $"SikkerKey refused this machine: {error.Message} (HTTP 401: a disabled, revoked or deleted " +
            "machine is refused, and so is a clock more than 5 minutes off)",
        // SikkerKey's own refusals already begin with "access denied:"; other servers' messages get the words.
        AccessDeniedException when error.Message.StartsWith("access denied", StringComparison.OrdinalIgnoreCase) => $"{error.Message} (HTTP 403)",
        AccessDeniedException => $"access denied: {error.Message} (HTTP 403)",
        _ when error.StatusCode is { } status => $"{error.Message} (HTTP {status})",
        _ => error.Message,
    };

    private static string HelpCommand(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return string.Join(' ', names);
    }
}
