using System.CommandLine;
using System.CommandLine.Parsing;
using SikkerKey.Cli.Caching;
using SikkerKey.Cli.Connecting;

namespace SikkerKey.Cli.Reading;

/// <summary><c>sikkerkey get ID [FIELD] [-o text|json] [--offline]</c> (also <c>--field FIELD</c>): prints one value.</summary>
internal sealed class GetCommand : ConnectedCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The secret's id (sk_…)" };
    private readonly Argument<string?> _fieldArgument = new("field") { Arity = ArgumentArity.ZeroOrOne, Description = "One field of a structured secret" };
    private readonly Option<string?> _fieldOption = new("--field", "-f") { Description = "One field of a structured secret", HelpName = "FIELD" };
    private readonly Option<string> _output = new("--output", "-o")
    {
        Description = "text (the value alone; also 'plain') or json ({\"id\", \"value\", \"fields\"} as the official CLI prints it)",
        HelpName = "FORMAT", DefaultValueFactory = _ => "text",
    };
    private readonly Option<bool> _offline = OfflineCache.Option();

    public GetCommand(CliContext context)
        : base("get", "Print a secret's value (a structured secret's as one JSON object), or one field; a newline follows on a terminal only", context)
    {
        _output.AcceptOnlyFromAmong("text", "plain", "json");
        Add(_id);
        Add(_fieldArgument);
        foreach (var option in new Option[] { _fieldOption, _output, _offline })
            Add(option);
        Validators.Add(Validate);
    }

    protected override async Task<int> RunAsync(ParseResult parsed, Connection connection, CancellationToken cancellationToken)
    {
        var id = parsed.GetValue(_id)!;
        var field = parsed.GetValue(_fieldArgument) ?? parsed.GetValue(_fieldOption);
        var (value, cached) = await ReadAsync(connection, id, parsed.GetValue(_offline), cancellationToken);
        var fields = StructuredValue.TryParse(value, out var parsedFields) && parsedFields.Count > 0 ? parsedFields : null;
        var text = field is null ? value : Field(id, fields, field);
        if (cached is not null)
            connection.OfflineServed([cached]);
        if (parsed.GetValue(_output) == "json")
        {
            Context.Out.Write(GetJson.Write(id, field, text, field is null ? fields : null));
            return ExitCodes.Success;
        }
        Context.Out.Write(text);
        if (Context.OutIsTerminal)
            Context.Out.WriteLine();
        return ExitCodes.Success;
    }

    private static async Task<(string Value, CachedSecret? Cached)> ReadAsync(Connection connection, string id, bool offline, CancellationToken cancellationToken)
    {
        if (connection.Offline(offline) is not { } cache)
            return (await connection.Client.GetSecretAsync(id, cancellationToken), null);
        var cached = OfflineCache.One(cache, id);
        return (cached.Value, cached);
    }

    private static string Field(string id, IReadOnlyDictionary<string, string>? fields, string field)
    {
        if (fields is null)
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
