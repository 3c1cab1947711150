using System.CommandLine;

namespace SikkerKey.Cli.Connecting;

/// <summary>A command that needs the machine identity: finds it once arguments are valid, and closes it after.</summary>
internal abstract class ConnectedCommand : Command
{
    protected ConnectedCommand(string name, string description, CliContext context) : base(name, description)
    {
        Context = context;
        this.WithAction(context, async (parsed, cancellationToken) =>
        {
            using var connection = Connection.Open(context);
            return await RunAsync(parsed, connection, cancellationToken);
        });
    }

    protected CliContext Context { get; }

    protected abstract Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken);
}
