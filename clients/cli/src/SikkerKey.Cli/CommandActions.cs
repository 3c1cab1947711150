using System.CommandLine;

namespace SikkerKey.Cli;

internal static class CommandActions
{
    /// <summary>Sets the command's action, turning every exception into an error line and exit code (see <see cref="ErrorReport"/>).</summary>
    public static Command WithAction(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                return await action(parsed, cancellationToken);
            }
            catch (Exception e)
            {
                return ErrorReport.Report(e, context);
            }
        });
        return command;
    }
}
