using System.CommandLine;
using System.Text.RegularExpressions;

namespace SikkerKey.Cli;

internal static partial class SharedOptions
{
    public static Option<string?> Project(string description) => new("--project", "-p") { Description = description, HelpName = "ID" };

    public static Option<string> Prefix()
    {
        var prefix = new Option<string>("--prefix")
        {
            Description = "Put this before every variable name, e.g. APP_", HelpName = "PREFIX", DefaultValueFactory = _ => "",
        };
        prefix.Validators.Add(result =>
        {
            if (!VariablePrefix().IsMatch(result.GetValueOrDefault<string>() ?? ""))
                result.AddError("--prefix takes ASCII letters, digits and _, not starting with a digit (e.g. APP_)");
        });
        return prefix;
    }

    [GeneratedRegex("^([A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex VariablePrefix();
}
