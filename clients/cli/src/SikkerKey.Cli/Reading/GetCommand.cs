using System.CommandLine;
using System.CommandLine.Parsing;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Reading;

/// <summary><c>sikkerkey get ID [FIELD]</c> or <c>sikkerkey get ID --field FIELD</c>: prints one value.</summary>
internal sealed class GetCommand : ConnectedCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The secret's id (sk_…)" };
    private readonly Argument<string?> _fieldArgument = new("field") { Arity = ArgumentArity.ZeroOrOne, Description = "One field of a structured secret" };
    private readonly Option<string?> _fieldOption = new("--field", "-f") { Description = "One field of a structured secret", HelpName = "FIELD" };

    public GetCommand(CliContext context)
        : base("get", "Print a secret's value (a structured secret's as one JSON object), or one field; a newline follows on a terminal only", context)
    {
        Add(_id);
        Add(_fieldArgument);
        Add(_fieldOption);
        Validators.Add(Validate);
    }

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var id = parsed.GetValue(_id)!;
        var field = parsed.GetValue(_fieldArgument) ?? parsed.GetValue(_fieldOption);
        var value = await connection.Client.GetSecretAsync(id, cancellationToken);
        Context.Out.Write(field is null ? value : Field(id, value, field));
        if (Context.OutIsTerminal)
            Context.Out.WriteLine();
        return ExitCodes.Success;
    }

    private static string Field(string id, string value, string field)
    {
        if (!StructuredValue.TryParse(value, out var fields))
            throw new CliException($"secret {id} is a plain secret and has no fields: sikkerkey get {id}");
        return fields.TryGetValue(field, out var text)
            ? text
            : throw new CliException($"secret {id} has no field \"{field}\"; its fields: {string.Join(", ", fields.Keys)}");
    }

    private void Validate(CommandResult result)
    {
        if (result.GetValue(_fieldArgument) is { } argument && result.GetValue(_fieldOption) is { } option && argument != option)
            result.AddError($"two fields given ({argument} and --field {option}): get one at a time");
    }
}
