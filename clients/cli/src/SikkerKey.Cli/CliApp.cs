using System.CommandLine;

namespace SikkerKey.Cli;

internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0)
        {
            await RunAsync(["--help"], context, cancellationToken);
            return ExitCodes.Usage;
        }
        // No @response-files: a secret tool should not read files the user did not name as such.
        var parsed = CliCommands.Root(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
            return ErrorReport.Usage(parsed, context);
        // run forwards SIGINT and SIGTERM to its command itself, so the parser must not claim them.
        var invocation = new InvocationConfiguration
        {
            Output = context.Out, Error = context.Error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false,
        };
        return await parsed.InvokeAsync(invocation, cancellationToken);
    }
}
